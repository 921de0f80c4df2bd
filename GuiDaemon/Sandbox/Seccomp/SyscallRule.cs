namespace GuiVirt.GuiDaemon.Sandbox.Seccomp;

/// <summary>
/// One row of the qube's system-call filter: <see cref="Syscall"/> fails with <see cref="Errno"/>
/// (and does nothing) when every one of <see cref="When"/> holds; with no tests, always.
/// </summary>
internal sealed record SyscallRule(string Syscall, int Errno, string Why, IReadOnlyList<ArgumentTest> When)
{
    public override string ToString() => When.Count == 0 ? Syscall : $"{Syscall} when {string.Join(" and ", When)}";
}
