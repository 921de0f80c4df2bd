using System.Runtime.InteropServices;
using System.Text;
using GuiVirt.GuiDaemon.Interop;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>The test's own keyring calls (add_key, keyctl), on the calling thread's keyrings.</summary>
internal static partial class TestKeyring
{
    public const long SessionKeyring = -3; // KEY_SPEC_SESSION_KEYRING

    /// <summary>KEY_POS_ALL: only a process that possesses the key (through its keyrings) may see or use it.</summary>
    public const uint PossessorOnly = 0x3f000000;

    private const long GetKeyringId = 0;
    private const long JoinSessionKeyring = 1;
    private const long SetPermission = 5;
    private const long Revoke = 3;

    /// <summary>The serial of the calling thread's session keyring.</summary>
    public static long SessionSerial() => Keyctl(GetKeyringId, SessionKeyring, 0);

    /// <summary>Joins (creating it) the session keyring NAME on the calling thread; returns its serial.</summary>
    public static long JoinNamedSession(string name)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(name + "\0");
        GCHandle pin = GCHandle.Alloc(bytes, GCHandleType.Pinned);
        try
        {
            return Keyctl(JoinSessionKeyring, pin.AddrOfPinnedObject(), 0);
        }
        finally
        {
            pin.Free();
        }
    }

    /// <summary>add_key("user", DESCRIPTION, PAYLOAD, session keyring); returns the key's serial.</summary>
    public static long AddUserKey(string description, string payload)
    {
        byte[] type = Encoding.UTF8.GetBytes("user\0");
        byte[] name = Encoding.UTF8.GetBytes(description + "\0");
        byte[] data = Encoding.UTF8.GetBytes(payload);
        GCHandle[] pins = [GCHandle.Alloc(type, GCHandleType.Pinned), GCHandle.Alloc(name, GCHandleType.Pinned), GCHandle.Alloc(data, GCHandleType.Pinned)];
        try
        {
            long serial = syscall(Number("add_key"), pins[0].AddrOfPinnedObject(), pins[1].AddrOfPinnedObject(), pins[2].AddrOfPinnedObject(), data.Length, SessionKeyring);
            Assert.True(serial > 0, $"add_key failed: errno {Marshal.GetLastPInvokeError()}");
            return serial;
        }
        finally
        {
            foreach (GCHandle pin in pins)
            {
                pin.Free();
            }
        }
    }

    public static void SetPermissions(long key, uint permissions) => Keyctl(SetPermission, key, permissions);

    public static void RevokeKey(long key) => Keyctl(Revoke, key, 0);

    private static long Keyctl(long operation, long argument1, long argument2)
    {
        long result = syscall(Number("keyctl"), operation, argument1, argument2, 0, 0);
        Assert.True(result >= 0, $"keyctl {operation} failed: errno {Marshal.GetLastPInvokeError()}");
        return result;
    }

    private static long Number(string name) => Libseccomp.seccomp_syscall_resolve_name(name);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial long syscall(long number, long argument1, long argument2, long argument3, long argument4, long argument5);
}
