namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// The numbers of the descriptors a qube's bwrap inherits (<see cref="SealedFile"/>, made by
/// <see cref="SandboxLauncher"/>): its system-call filter, and the /etc/passwd and /etc/group it
/// shows the qube (<see cref="QubeAccount"/>).
/// </summary>
internal readonly record struct SandboxDescriptors(int Filter, int Passwd, int Group);
