using System.Text;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.X11;

namespace GuiVirt.GuiDaemon.Host;

/// <summary>
/// The host's keyboard as every qube must see it, so that a keycode means the same on both sides:
/// the XKB names of the root's _XKB_RULES_NAMES (what setxkbmap and desktops write) with the
/// locked group, sent as KEYBOARD_LAYOUT; and the keysyms of keycodes remapped at run time
/// (xdotool maps a spare keycode to a character the layout lacks, then types it), sent as KEYSYMS.
/// The daemon reads the host's state when it gets to an event, which may be later than the event
/// (the host has moved on): so after a layout it sends every keycode's keysyms as the host has
/// them then, and the agent applies only those that differ from what the layout gave it. Later
/// remappings go as the keycodes that changed since. Everything here comes from the host X
/// server; nothing from a qube.
/// </summary>
internal sealed class HostKeyboard
{
    private readonly XDisplay _display;
    private readonly XAtom _rulesNames;
    private readonly int _minKeycode;

    /// <summary>The keysyms of each keycode as last sent to the qubes.</summary>
    private uint[][] _sent = [];

    public HostKeyboard(XDisplay display)
    {
        _display = display;
        _rulesNames = display.Atom("_XKB_RULES_NAMES");
        (_minKeycode, _) = display.KeycodeRange();
        _minKeycode = Math.Max(_minKeycode, (int)Limits.MinKeycode);
        if (!display.WatchKeyboard())
        {
            Log.Warning("the host X server has no XKB: qubes keep their default keyboard layout");
        }

        display.SelectInput(display.Root, EventMask.PropertyChange);
        Layout = ReadLayout();
        _sent = ReadKeysyms();
    }

    /// <summary>The host's layout now, or null when its names cannot be passed on (none set, or names a qube would refuse).</summary>
    public KeyboardLayout? Layout { get; private set; }

    /// <summary>What a qube that connects now needs after <see cref="Layout"/>: the keysyms of every keycode (it applies those its layout lacks).</summary>
    public IEnumerable<Keysyms> Remapped => Differences([], _sent);

    /// <summary>
    /// A host event: true when it is about the keyboard. <paramref name="layout"/> is the layout to
    /// send to every qube when the names or the group changed; <paramref name="remapped"/> the
    /// keycodes whose keysyms changed at run time.
    /// </summary>
    public bool OnHostEvent(in XEventData e, out KeyboardLayout? layout, out IReadOnlyList<Keysyms> remapped)
    {
        layout = null;
        remapped = [];
        switch (e.Kind)
        {
            case XEventKind.Property when e.Window == _display.Root && e.Atom == _rulesNames:
            case XEventKind.KeyboardGroup:
                KeyboardLayout? now = ReadLayout();
                if (now is { } loaded && loaded != Layout)
                {
                    if (!loaded.SameNames(Layout))
                    {
                        // A qube that loads these names gets their keysyms: then every keycode
                        // remapped on the host since (or before this event was read) is repeated.
                        _sent = ReadKeysyms();
                        remapped = [.. Differences([], _sent)];
                    }

                    layout = Layout = loaded;
                }

                return true;
            case XEventKind.Mapping when e.Mode == 1:
                uint[][] current = ReadKeysyms();
                remapped = [.. Differences(_sent, current)];
                _sent = current;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Every keycode's keysyms, from the lowest to 255 (one round trip).</summary>
    private uint[][] ReadKeysyms() => _display.GetKeysyms(_minKeycode, 256 - _minKeycode);

    /// <summary>KEYSYMS for each keycode whose first <see cref="Limits.KeysymsPerKeycode"/> keysyms differ between the two tables.</summary>
    private IEnumerable<Keysyms> Differences(uint[][] before, uint[][] after)
    {
        for (int k = 0; k < after.Length; k++)
        {
            ReadOnlySpan<uint> now = Row(after[k]);
            if (k >= before.Length || !Row(before[k]).SequenceEqual(now))
            {
                yield return new Keysyms((uint)(_minKeycode + k), now);
            }
        }
    }

    /// <summary>A keycode's keysyms as KEYSYMS carries them: the first eight, and none that is not a keysym.</summary>
    private static ReadOnlySpan<uint> Row(uint[] keysyms)
    {
        uint[] row = [.. keysyms.Take(Limits.KeysymsPerKeycode)];
        for (int i = 0; i < row.Length; i++)
        {
            row[i] = row[i] <= Limits.MaxKeysym ? row[i] : 0;
        }

        return row;
    }

    /// <summary>_XKB_RULES_NAMES: five NUL-separated strings (rules, model, layout, variant, options).</summary>
    private KeyboardLayout? ReadLayout()
    {
        if (_display.TryGetProperty(_display.Root, _rulesNames) is not { Format: 8 } value)
        {
            return null;
        }

        string[] names = Encoding.Latin1.GetString(value.Bytes).Split('\0');
        Array.Resize(ref names, Math.Max(names.Length, Limits.KeyboardNameCount));
        try
        {
            return new KeyboardLayout(names[0] ?? "", names[1] ?? "", names[2] ?? "", names[3] ?? "", names[4] ?? "", _display.LockedKeyboardGroup());
        }
        catch (ArgumentException)
        {
            Log.Warning("the host's keyboard names are not ones a qube accepts; qubes keep their layout");
            return null;
        }
    }
}
