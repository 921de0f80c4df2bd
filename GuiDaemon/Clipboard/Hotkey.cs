using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Clipboard;

/// <summary>
/// A clipboard hotkey such as "Ctrl+Shift+C": a keycode and exactly these modifiers (Shift 1,
/// Control 4, Mod1/Alt 8, Mod4/Super 0x40; Lock and NumLock do not matter).
/// </summary>
internal readonly record struct Hotkey(uint Keycode, uint Modifiers)
{
    private const uint Shift = 1, Control = 4, Alt = 8, Super = 0x40;
    private const uint Relevant = Shift | Control | Alt | Super;

    /// <summary>Resolves a configured hotkey on the host keyboard (the config checked its form).</summary>
    public static Hotkey Resolve(XDisplay host, string text)
    {
        string[] parts = text.Split('+');
        uint modifiers = 0;
        foreach (string modifier in parts[..^1])
        {
            modifiers |= modifier switch { "Shift" => Shift, "Ctrl" => Control, "Alt" => Alt, _ => Super };
        }

        string key = parts[^1].Length == 1 ? parts[^1].ToLowerInvariant() : parts[^1];
        uint keycode = host.KeycodeOf(key);
        return keycode == 0 ? throw new XException($"the host keyboard has no key '{parts[^1]}' for the hotkey {text}") : new Hotkey(keycode, modifiers);
    }

    /// <summary>True for a key event of this key with exactly these modifiers held.</summary>
    public bool Matches(uint keycode, uint state) => keycode == Keycode && (state & Relevant) == Modifiers;
}
