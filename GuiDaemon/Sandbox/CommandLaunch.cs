namespace GuiVirt.GuiDaemon.Sandbox;

/// <summary>
/// One command sent into a qube (<see cref="QubeSandbox.Run"/>) and what its init reported about
/// it. Both tasks are cancelled when the qube ends before saying, or when the daemon stops tracking
/// the command (see <see cref="CommandLaunches"/>). What they carry is the qube's own word.
/// </summary>
public sealed class CommandLaunch
{
    private readonly TaskCompletionSource<CommandState> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal CommandLaunch(int id, IReadOnlyList<string> command)
    {
        Id = id;
        Command = command;
    }

    /// <summary>The number the command carries to the init and back (1, 2, ... per sandbox).</summary>
    public int Id { get; }

    /// <summary>The program and its arguments, as the user gave them.</summary>
    public IReadOnlyList<string> Command { get; }

    /// <summary><see cref="CommandState.Started"/>, <see cref="CommandState.NotFound"/> or <see cref="CommandState.NotExecutable"/>.</summary>
    public Task<CommandState> Started => _started.Task;

    /// <summary>The program's exit status (0..255; 128+N when signal N ended it).</summary>
    public Task<int> Exited => _exited.Task;

    internal void Apply(CommandStatus status)
    {
        if (status.State == CommandState.Exited)
        {
            _started.TrySetResult(CommandState.Started); // it ran, whatever the first report said
            _exited.TrySetResult(status.ExitCode);
            return;
        }

        _started.TrySetResult(status.State);
        if (status.State != CommandState.Started)
        {
            _exited.TrySetResult(status.ExitCode); // never ran: its "exit" is the shell's 126 or 127
        }
    }

    internal void Abandon()
    {
        _started.TrySetCanceled();
        _exited.TrySetCanceled();
    }
}
