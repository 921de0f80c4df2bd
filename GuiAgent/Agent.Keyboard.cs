using System.Diagnostics;
using GuiVirt.Protocol.Messages;

namespace GuiVirt.GuiAgent;

/// <summary>
/// The host's keyboard, mirrored on the qube's X server so that the keycodes the daemon forwards
/// mean the same keys and characters here: KEYBOARD_LAYOUT loads the host's XKB names with
/// setxkbmap and locks its group; KEYSYMS repeats a keycode the host remapped at run time.
/// </summary>
internal sealed partial class Agent
{
    /// <summary>How long setxkbmap may take; the server compiles the keymap, which takes a fraction of a second.</summary>
    private static readonly TimeSpan LayoutLoadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The names loaded last; null until a layout has loaded.</summary>
    private KeyboardLayout? _layout;

    /// <summary>The qube server's keysyms of each keycode from the lowest, as last read or set; null when to be read again.</summary>
    private uint[][]? _keysyms;

    private int _minKeycode;

    /// <summary>Keycodes the host unmapped (NoSymbol) whose unmapping waits for the next press of that key or a new mapping.</summary>
    private readonly HashSet<uint> _pendingUnmaps = [];

    public void OnKeyboardLayout(KeyboardLayout layout)
    {
        if (!layout.SameNames(_layout))
        {
            if (!LoadLayout(layout))
            {
                // An unknown layout (or a failed compile) leaves the server's keymap as it was:
                // keys keep working with the old one.
                return;
            }

            _layout = layout;
            _keysyms = null; // the new layout has keysyms of its own
            _pendingUnmaps.Clear();
        }

        _display.LockKeyboardGroup(layout.Group);
        _display.Flush();
    }

    /// <summary>
    /// The daemon sends every keycode after a layout, and the keycodes the host remapped later:
    /// only one that differs from what the qube's server has is set, so the layout's own keys
    /// keep the key types XKB gave them (a core remapping would replace them with guessed ones).
    /// </summary>
    public void OnKeysyms(Keysyms keysyms)
    {
        if (_keysyms is null)
        {
            (_minKeycode, _) = _display.KeycodeRange();
            _minKeycode = Math.Max(_minKeycode, (int)Protocol.Limits.MinKeycode);
            _keysyms = _display.GetKeysyms(_minKeycode, 256 - _minKeycode);
        }

        int index = (int)keysyms.Keycode - _minKeycode;
        if (index < 0 || index >= _keysyms.Length)
        {
            return; // a keycode this server does not have
        }

        // xdotool maps a spare keycode, types it and unmaps it at once. Messages arrive here in a
        // burst, and an app looks its keymap up only when it reads the key event, by then after
        // the unmapping: the character would be lost. An unmapping only matters to the next press
        // of that key, so it waits for one (OnKey) or for the next mapping of the keycode.
        if (!keysyms.Symbols.ContainsAnyExcept(0u))
        {
            _pendingUnmaps.Add(keysyms.Keycode);
            return;
        }

        _pendingUnmaps.Remove(keysyms.Keycode);
        Apply(keysyms.Keycode, keysyms.Symbols, index);
    }

    /// <summary>Before a key is pressed: an unmapping of its keycode that was put off is done now, so the key means what it means on the host.</summary>
    private void ApplyPendingUnmap(uint keycode)
    {
        if (_keysyms is not null && _pendingUnmaps.Remove(keycode))
        {
            Apply(keycode, new uint[Protocol.Limits.KeysymsPerKeycode], (int)keycode - _minKeycode);
        }
    }

    private void Apply(uint keycode, ReadOnlySpan<uint> symbols, int index)
    {
        uint[][] table = _keysyms!;
        uint[] have = new uint[Protocol.Limits.KeysymsPerKeycode];
        table[index].AsSpan(0, Math.Min(table[index].Length, have.Length)).CopyTo(have);
        if (!symbols.SequenceEqual(have))
        {
            _display.SetKeysyms(keycode, symbols);
            table[index] = symbols.ToArray();
        }
    }

    /// <summary>
    /// Runs setxkbmap on the qube's display. Security: each validated name (KeyboardLayout allows
    /// only [A-Za-z0-9_,:()+-], never a leading '-') is one argv entry after its option; no shell
    /// sees them. The empty "-option" first clears the options of the previous layout.
    /// </summary>
    private bool LoadLayout(KeyboardLayout layout)
    {
        var start = new ProcessStartInfo("setxkbmap") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-display");
        start.ArgumentList.Add(_display.Name);
        foreach ((string option, string value) in (ReadOnlySpan<(string, string)>)[("-rules", layout.Rules), ("-model", layout.Model), ("-layout", layout.Layout)])
        {
            if (value.Length > 0)
            {
                start.ArgumentList.Add(option);
                start.ArgumentList.Add(value);
            }
        }

        start.ArgumentList.Add("-variant");
        start.ArgumentList.Add(layout.Variant);
        start.ArgumentList.Add("-option");
        start.ArgumentList.Add("");
        if (layout.Options.Length > 0)
        {
            start.ArgumentList.Add("-option");
            start.ArgumentList.Add(layout.Options);
        }

        try
        {
            using Process process = Process.Start(start)!;
            Task<string> errors = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(LayoutLoadTimeout))
            {
                process.Kill();
                Log.Warning($"setxkbmap for layout {layout.Layout} did not finish; the keyboard layout is unchanged");
                return false;
            }

            if (process.ExitCode != 0)
            {
                string first = errors.Wait(1000) ? errors.Result.Split('\n')[0] : "";
                Log.Warning($"layout {layout.Layout}({layout.Variant}) could not be loaded ({process.ExitCode}: {first}); the keyboard layout is unchanged");
                return false;
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Log.Warning($"setxkbmap cannot run ({e.Message}); the keyboard layout is unchanged");
            return false;
        }

        Log.Info($"keyboard layout {layout.Layout}{(layout.Variant.Length > 0 ? $"({layout.Variant})" : "")} loaded");
        return true;
    }
}
