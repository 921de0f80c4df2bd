using GuiVirt.GuiDaemon.Interop;

namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// Gives each qube a session keyring of its own. A process inherits the session keyring of the
/// thread that forked it; without this, every qube would hold the daemon's (the user's login
/// keyring, with the user keyring linked in): its keys' names in /proc/keys, and a place where
/// two qubes could leave keys for each other.
///
/// The filter refuses keyctl, add_key and request_key in a qube (<see cref="Seccomp.SyscallFilter"/>),
/// which alone closes reading, writing and the channel; a keyring per qube also leaves nothing in
/// /proc/keys to see, and keeps qubes apart should a kernel ever offer another way in. It costs one
/// call per start and one key of the user's quota per running qube.
/// </summary>
internal static class SessionKeyring
{
    /// <summary>
    /// Joins a new anonymous session keyring on the calling thread (credentials are per thread in
    /// Linux): the process this thread forks next gets it. Only <see cref="SandboxLauncher"/>'s thread
    /// calls this, so the daemon's other threads keep their keyring.
    /// </summary>
    public static void JoinNewForNextQube()
    {
        if (Keyctl.JoinNewSessionKeyring(out int errno) >= 0)
        {
            return;
        }

        // ENOSYS: a kernel without keyrings. EPERM: the daemon itself runs under a filter that refuses
        // keyctl (Docker's, Flatpak's); seccomp filters are inherited, so its qubes cannot reach a
        // keyring either. Both leave nothing for a qube to share.
        if (errno == Tmds.Linux.LibC.ENOSYS || errno == Tmds.Linux.LibC.EPERM)
        {
            return;
        }

        throw new SandboxException($"cannot give the qube a session keyring of its own: keyctl: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)}");
    }
}
