using GuiVirt.GuiDaemon.Session;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon;

/// <summary>
/// The trusted controls the user always has, whatever the qubes do: hotkeys grabbed on the host's
/// root window (their key events reach the daemon whichever window has the focus, and never a
/// qube), and the daemon's own windows kept above every qube window.
/// </summary>
internal sealed partial class Daemon
{
    private Clipboard.Hotkey? _escapeKey, _xrayKey;

    /// <summary>Grabs the escape and X-ray hotkeys; one that cannot be had (no such key, or another client holds it) is logged and off.</summary>
    private void GrabTrustedHotkeys()
    {
        _escapeKey = Grab("escape", _options.Config.Hotkeys.EscapeKey);
        _xrayKey = Grab("X-ray", _options.Config.Hotkeys.XRayKey);
        if (!_host.SetDetectableAutoRepeat())
        {
            Log.Warning("the host cannot report held keys without repeats: the X-ray view flickers while its key repeats");
        }

        Clipboard.Hotkey? Grab(string what, string text)
        {
            try
            {
                Clipboard.Hotkey key = Clipboard.Hotkey.Resolve(_host, text);
                if (_host.GrabKey(key.Keycode, key.Modifiers))
                {
                    return key;
                }

                Log.Warning($"{what} hotkey {text} off: another program on the host holds it");
            }
            catch (XException e)
            {
                Log.Warning($"{what} hotkey off: {e.Message}");
            }

            return null;
        }
    }

    /// <summary>A key event of a grabbed hotkey (reported on the root, where it was grabbed).</summary>
    private void OnTrustedKey(in XEventData e)
    {
        if (e.Kind == XEventKind.KeyPress && _escapeKey is { } escape && escape.Matches(e.Detail, e.State))
        {
            Escape();
        }
        else if (e.Kind == XEventKind.KeyPress && _xrayKey is { } xray && xray.Matches(e.Detail, e.State) && !_xray.Shown)
        {
            _xray.Show(QubeWindows());
            _notices.KeepOnTop();
            UpdateCeiling();
            Log.Info($"X-ray on: {_xray.Count} qube windows shown by their label");
        }
        else if (e.Kind == XEventKind.KeyRelease && _xrayKey is { } held && e.Detail == held.Keycode && _xray.Shown)
        {
            _xray.Hide(); // the key went up (modifiers may have gone first): the view ends with the key
            UpdateCeiling();
            Log.Info("X-ray off");
        }
    }

    /// <summary>
    /// The escape hotkey: the qube whose window is under the pointer loses every override-redirect
    /// window it shows, and may show no more. The pointer, not the focus, names the qube: an
    /// override-redirect window never has the focus, and the user points at what covers the screen.
    /// </summary>
    private void Escape()
    {
        foreach (XWindow window in _host.WindowsUnderPointer())
        {
            foreach (QubeEndpoint endpoint in _endpoints)
            {
                if (endpoint.Session is { } session && session.TryGetByHostWindow(window, out _))
                {
                    int count = session.DismissUnmanaged();
                    Log.Info($"escape hotkey: {count} override-redirect windows of qube {session.Qube.Name} unmapped; its windows are managed from now on");
                    ShowNotice($"Unmapped {count} unmanaged windows of {session.Qube.Name}", true);
                    return;
                }
            }
        }

        Log.Info("escape hotkey: no qube window under the pointer");
    }

    /// <summary>Every qube window on the screen now, with its qube.</summary>
    private IEnumerable<(Config.QubeConfig Qube, XWindow Window, XRect Bounds)> QubeWindows() =>
        _endpoints.Where(e => e.Session is not null).SelectMany(e => e.Session!.ShownWindows.Select(w => (e.Qube, w.Host, w.Bounds)));

    /// <summary>The lowest trusted window shown now: qube windows that go up stop just below it.</summary>
    private void UpdateCeiling() =>
        _trusted.Ceiling = _xray.Shown && !_xray.Lowest.IsNone ? _xray.Lowest : _notices.Shown ? _notices.Window : XWindow.None;

    /// <summary>
    /// Security: after any qube window was mapped or raised this turn, the daemon's own windows go
    /// back on top: the X-ray overlays (made anew, so a window mapped while the key is held is
    /// covered too), then the notice over everything. A qube cannot hide a trusted notice by
    /// raising its windows in a loop.
    /// </summary>
    private void KeepTrustedWindowsOnTop()
    {
        bool restacked = false;
        foreach (QubeEndpoint endpoint in _endpoints)
        {
            restacked |= endpoint.Session?.TakeRestacked() ?? false;
        }

        if (restacked)
        {
            if (_xray.Shown)
            {
                _xray.Show(QubeWindows());
            }

            _notices.KeepOnTop();
        }

        UpdateCeiling(); // the notice may have timed out this turn
    }

    /// <summary>Shows a trusted notice; the qube windows that go up from now on stop below it.</summary>
    private void ShowNotice(string text, bool done)
    {
        _notices.Show(text, done);
        UpdateCeiling();
    }
}
