using System.Runtime.InteropServices;

namespace GuiVirt.GuiDaemon;

/// <summary>
/// SIGINT (Ctrl+C), SIGTERM (systemd, kill) and SIGHUP (the terminal closed) all ask the daemon to
/// stop cleanly: the token is cancelled and the loop ends, whatever it was doing. Registered
/// before anything else starts, so a signal that comes early is not lost, and .NET's default
/// action (ending the process without running any cleanup) never applies.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;
    private volatile string? _received;

    public StopSignals()
    {
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(signal => PosixSignalRegistration.Create(signal, OnSignal))];
    }

    /// <summary>Cancelled by the first of the signals.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The signal that stopped the daemon, for its log; null while none came.</summary>
    public string? Received => _received;

    public void Dispose()
    {
        // The registrations go first, so no handler can run on a disposed token source.
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // we stop ourselves, after cleaning up
        _received ??= context.Signal.ToString();
        _stop.Cancel();
    }
}
