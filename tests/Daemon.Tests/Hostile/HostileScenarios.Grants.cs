using System.Net.Sockets;
using System.Runtime.InteropServices;
using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Grants;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;
using static GuiVirt.Protocol.ProtocolViolation;

namespace GuiVirt.Daemon.Tests.Hostile;

/// <summary>Descriptors: what a WINDOW_DUMP may carry (a sealed memfd of the right size) and everything else.</summary>
public static partial class HostileScenarios
{
    /// <summary>A 10x10 window's grant: 400 bytes, one page.</summary>
    private const uint Side = 10, Stride = Side * 4;

    private static IEnumerable<HostileScenario> Grants()
    {
        yield return HostileScenario.Violation("grant-pipe", "WINDOW_DUMP carrying a pipe", GrantNotMemfd, DumpWith(Pipe));
        yield return HostileScenario.Violation("grant-socket", "WINDOW_DUMP carrying a Unix socket", GrantNotMemfd,
            DumpWith(() => new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified).SafeHandle));
        yield return HostileScenario.Violation("grant-dev-zero", "WINDOW_DUMP carrying /dev/zero", GrantNotMemfd,
            DumpWith(() => File.OpenHandle("/dev/zero", FileMode.Open, FileAccess.Read)));
        yield return HostileScenario.Violation("grant-regular-file", "WINDOW_DUMP carrying a regular file of the right size", GrantNotMemfd,
            DumpWith(() =>
            {
                string path = Path.GetTempFileName();
                SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, FileOptions.DeleteOnClose);
                RandomAccess.SetLength(file, 4096);
                return file;
            }));
        yield return HostileScenario.Violation("grant-unsealed-memfd", "WINDOW_DUMP carrying a memfd without seals (it could shrink under the mapping)", GrantNotSealed,
            DumpWith(() => Memfd(4096, seals: 0)));
        yield return HostileScenario.Violation("grant-shrink-seal-only", "a memfd sealed against shrinking but not growing", GrantNotSealed,
            DumpWith(() => Memfd(4096, LibC.F_SEAL_SHRINK)));
        yield return HostileScenario.Violation("grant-undersized", "a sealed memfd of 16 bytes for a 10x10 window (400 bytes)", GrantTooSmall,
            DumpWith(() => Memfd(16, LibC.F_SEAL_SHRINK | LibC.F_SEAL_GROW)));
        yield return HostileScenario.Violation("grant-oversized", "a sealed memfd of 64 MiB for a 10x10 window (the host X server would map it all)", GrantTooLarge,
            DumpWith(() => Memfd(64 << 20, LibC.F_SEAL_SHRINK | LibC.F_SEAL_GROW)));
        yield return HostileScenario.Violation("grant-missing-fd", "WINDOW_DUMP without a descriptor", MissingFd,
            AfterWindow(Wire.Dump(W, Side, Side, Stride)));
        yield return HostileScenario.Violation("fd-on-create", "a descriptor attached to CREATE (which carries none)", UnexpectedFd,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                using SafeFileHandle memfd = Memfd(4096, LibC.F_SEAL_SHRINK | LibC.F_SEAL_GROW);
                attacker.SendWithFds([.. Wire.Create(W, 700, 400, 10, 10), .. Wire.Map(W)], memfd);
            });
        yield return HostileScenario.Violation("too-many-fds", "eight descriptors in one sendmsg with a WINDOW_DUMP", UnexpectedFd,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "target"));
                SafeFileHandle[] fds = [.. Enumerable.Range(0, 8).Select(_ => Memfd(4096, LibC.F_SEAL_SHRINK | LibC.F_SEAL_GROW))];
                try
                {
                    attacker.SendWithFds(Wire.Dump(W, Side, Side, Stride), fds);
                }
                finally
                {
                    Array.ForEach(fds, fd => fd.Dispose());
                }
            });
        yield return HostileScenario.Violation("fds-before-hello", "a descriptor sent before the version handshake", UnexpectedFd,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync(hello: false);
                using SafeFileHandle memfd = Memfd(4096, LibC.F_SEAL_SHRINK | LibC.F_SEAL_GROW);
                var hello = new byte[Protocol.Handshake.VersionHandshake.AgentHelloSize];
                Protocol.Handshake.VersionHandshake.WriteAgentHello(hello, Protocol.Handshake.ProtocolVersion.Current);
                attacker.SendWithFds(hello, memfd);
            });
        yield return new HostileScenario("truncate-after-map", "a valid grant, then ftruncate to 0 and to 1 GiB after the daemon mapped it", Verdict.Contained, null,
            async context =>
            {
                Attacker attacker = await context.ConnectAsync();
                attacker.Send(Wire.Shown(W, "grant"));
                using IAgentGrant grant = new MemfdGrantAllocator().Allocate(Stride * Side);
                attacker.SendWithFds(Wire.Dump(W, Side, Side, Stride), grant.ShareHandle);
                attacker.Send(Wire.Fields(MessageType.ShmImage, W, 0, 0, Side, Side));
                await attacker.PingAsync(); // the grant is mapped and shown by now
                // The seals make both fail here, in the qube: the daemon's mapping can never lose its pages (no SIGBUS).
                Assert.Equal(LibC.EPERM, Truncate(grant.ShareHandle, 0));
                Assert.Equal(LibC.EPERM, Truncate(grant.ShareHandle, 1L << 30));
                attacker.Send(Wire.Fields(MessageType.ShmImage, W, 0, 0, Side, Side)); // and the daemon keeps using it
            });
    }

    /// <summary>
    /// Shows window <see cref="W"/> (10x10), then sends a WINDOW_DUMP (valid unless <paramref name="dump"/>
    /// says otherwise) with the descriptor <paramref name="make"/> gives.
    /// </summary>
    private static Func<HostileContext, Task> DumpWith(Func<SafeHandle> make, byte[]? dump = null) => async context =>
    {
        Attacker attacker = await context.ConnectAsync();
        attacker.Send(Wire.Shown(W, "target", width: Side, height: Side));
        using SafeHandle fd = make();
        attacker.SendWithFds(dump ?? Wire.Dump(W, Side, Side, Stride), fd);
    };

    /// <summary>A sealed one-page memfd: a grant that would be fine, so only the message is at fault.</summary>
    private static SafeFileHandle SealedPage() => Memfd(4096, LibC.F_SEAL_SHRINK | LibC.F_SEAL_GROW);

    private static unsafe SafeFileHandle Memfd(long size, int seals)
    {
        byte* name = stackalloc byte[] { (byte)'e', (byte)'v', (byte)'i', (byte)'l', 0 };
        var fd = new SafeFileHandle(LibC.memfd_create(name, LibC.MFD_ALLOW_SEALING | LibC.MFD_CLOEXEC), ownsHandle: true);
        Assert.False(fd.IsInvalid, $"memfd_create: errno {LibC.errno}");
        Assert.Equal(0, LibC.ftruncate((int)fd.DangerousGetHandle(), size));
        if (seals != 0)
        {
            Assert.Equal(0, LibC.fcntl((int)fd.DangerousGetHandle(), LibC.F_ADD_SEALS, seals));
        }

        return fd;
    }

    private static unsafe SafeFileHandle Pipe()
    {
        int* fds = stackalloc int[2];
        Assert.Equal(0, LibC.pipe2(fds, LibC.O_CLOEXEC));
        LibC.close(fds[1]);
        return new SafeFileHandle(fds[0], ownsHandle: true);
    }

    private static int Truncate(SafeHandle fd, long size) => LibC.ftruncate((int)fd.DangerousGetHandle(), size) < 0 ? LibC.errno : 0;
}
