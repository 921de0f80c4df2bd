using System.Runtime.InteropServices;

namespace GuiVirt.TestApp;

/// <summary>
/// SIGTERM and SIGINT ask the event loop to finish instead of killing the process, so the X
/// connection is closed properly and the exit code is 0. The loop polls with a short timeout and
/// checks <see cref="Requested"/>: the handler runs on another thread and must not touch Xlib.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _interrupt;
    private volatile bool _requested;

    public StopSignal()
    {
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    }

    public bool Requested => _requested;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _requested = true;
    }

    public void Dispose()
    {
        _term.Dispose();
        _interrupt.Dispose();
    }
}
