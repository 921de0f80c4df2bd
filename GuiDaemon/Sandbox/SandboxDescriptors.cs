namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// The numbers of the descriptors a qube's bwrap inherits (<see cref="SealedFile"/>, made by
/// <see cref="SandboxLauncher"/>): its system-call filter, the /etc/passwd and /etc/group it
/// shows the qube (<see cref="QubeAccount"/>), and the /etc/resolv.conf of a qube with a network
/// (<see cref="UserNetwork"/>; -1 without one).
/// </summary>
internal readonly record struct SandboxDescriptors(int Filter, int Passwd, int Group, int ResolvConf = -1);
