namespace GuiVirt.X11;

/// <summary>
/// Collects the X errors caused by this thread's requests on one display until disposed. Errors
/// arrive asynchronously: call <see cref="XDisplay.Sync"/> before reading <see cref="ErrorCode"/>.
/// The display reuses one trap object, so trapping on a per-frame path allocates nothing.
/// </summary>
public sealed class ErrorTrap : IDisposable
{
    private readonly XDisplay _display;

    internal ErrorTrap(XDisplay display) => _display = display;

    /// <summary>The first error's code (BadWindow 3, BadMatch 8, BadAccess 10, ...), or 0.</summary>
    public int ErrorCode { get; private set; }

    /// <summary>The major opcode of the request that failed first.</summary>
    public int RequestCode { get; private set; }

    internal ErrorTrap? Outer { get; private set; }

    /// <summary>Syncs, so every error of the requests so far has arrived, and reports whether any did.</summary>
    public bool Failed()
    {
        _display.Sync();
        return ErrorCode != 0;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        XErrors.EndTrap(this);
        _display.ReturnTrap(this);
    }

    /// <summary>Starts collecting anew, inside <paramref name="outer"/> if one is open.</summary>
    internal void Begin(ErrorTrap? outer) => (Outer, ErrorCode, RequestCode) = (outer, 0, 0);

    internal bool Owns(nint display) => _display.DangerousGetHandle() == display;

    internal void Record(int code, int request)
    {
        if (ErrorCode == 0)
        {
            (ErrorCode, RequestCode) = (code, request);
        }
    }
}
