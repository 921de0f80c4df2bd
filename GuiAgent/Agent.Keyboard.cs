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
        }

        _display.LockKeyboardGroup(layout.Group);
        _display.Flush();
    }

    public void OnKeysyms(Keysyms keysyms) => _display.SetKeysyms(keysyms.Keycode, keysyms.Symbols);

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
                Log.Info($"setxkbmap for layout {layout.Layout} did not finish; the keyboard layout is unchanged");
                return false;
            }

            if (process.ExitCode != 0)
            {
                string first = errors.Wait(1000) ? errors.Result.Split('\n')[0] : "";
                Log.Info($"layout {layout.Layout}({layout.Variant}) could not be loaded ({process.ExitCode}: {first}); the keyboard layout is unchanged");
                return false;
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Log.Info($"setxkbmap cannot run ({e.Message}); the keyboard layout is unchanged");
            return false;
        }

        Log.Info($"keyboard layout {layout.Layout}{(layout.Variant.Length > 0 ? $"({layout.Variant})" : "")} loaded");
        return true;
    }
}
