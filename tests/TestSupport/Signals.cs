using System.Runtime.InteropServices;

namespace GuiVirt.TestSupport;

/// <summary>SIGTERM to one process by its id: .NET's Process.Kill only sends SIGKILL, which
/// gives an X server no chance to remove its lock file and socket.</summary>
public static partial class Signals
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends SIGTERM; false when the process is already gone.</summary>
    public static bool Terminate(int processId) => kill(processId, SigTerm) == 0;

    /// <summary>Sends <paramref name="signal"/> to one process; false when it is already gone.</summary>
    public static bool Send(int processId, int signal) => kill(processId, signal) == 0;

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
