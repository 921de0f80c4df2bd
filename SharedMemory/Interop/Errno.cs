using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Tmds.Linux;

namespace GuiVirt.SharedMemory.Interop;

/// <summary>
/// errno access and the one way native failures become exceptions on the agent side. The daemon
/// side never throws for a peer's fd; it turns the errno into a <c>ProtocolViolation</c> instead.
/// </summary>
internal static class Errno
{
    /// <summary>The errno of the last LibC call on this thread; read it right after the call.</summary>
    public static int Last => LibC.errno;

    /// <summary>strerror text, for messages and logs.</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>Throws an <see cref="IOException"/> naming the call and the errno (also in HResult).</summary>
    [DoesNotReturn]
    public static void Throw(string call, int errno) =>
        throw new IOException($"{call} failed: {Describe(errno)} (errno {errno})", errno);
}
