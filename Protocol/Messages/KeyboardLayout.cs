using System.Text;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// KEYBOARD_LAYOUT (daemon to agent, a GuiVirt extension): the host's XKB names as its
/// _XKB_RULES_NAMES property holds them (rules, model, layout, variant, options) and its locked
/// group, so the qube's X server loads the same keymap and keycodes mean the same on both sides.
/// Each name is at most 63 bytes of [A-Za-z0-9_,:()+-] in a 64-byte NUL-padded field
/// (<see cref="Limits.KeyboardNameBytes"/>), never starting with '-'; the layout is not empty;
/// the group is at most <see cref="Limits.MaxKeyboardGroup"/>.
/// </summary>
public readonly record struct KeyboardLayout : IMessageBody
{
    private readonly string? _rules, _model, _layout, _variant, _options;

    /// <summary>Creates a KEYBOARD_LAYOUT body; throws <see cref="ArgumentException"/> for names or a group the receiver would refuse.</summary>
    public KeyboardLayout(string rules, string model, string layout, string variant, string options, uint group)
    {
        Checks.ThrowIfInvalid(Checks.First(
            CheckName(rules, mayBeEmpty: true),
            CheckName(model, mayBeEmpty: true),
            CheckName(layout, mayBeEmpty: false),
            CheckName(variant, mayBeEmpty: true),
            CheckName(options, mayBeEmpty: true),
            CheckGroup(group)), nameof(KeyboardLayout));
        (_rules, _model, _layout, _variant, _options, Group) = (rules, model, layout, variant, options, group);
    }

    /// <summary>XKB rules file name, such as "evdev"; may be empty.</summary>
    public string Rules => _rules ?? "";
    /// <summary>Keyboard model, such as "pc105"; may be empty.</summary>
    public string Model => _model ?? "";
    /// <summary>One or more layouts, comma-separated, such as "us,de"; never empty.</summary>
    public string Layout => _layout ?? "";
    /// <summary>Variants, one per layout, comma-separated; may be empty.</summary>
    public string Variant => _variant ?? "";
    /// <summary>XKB options, comma-separated, such as "grp:alt_shift_toggle"; may be empty.</summary>
    public string Options => _options ?? "";
    /// <summary>The host's locked XKB group, 0..3.</summary>
    public uint Group { get; }

    /// <summary>Same names, whatever the group: the qube's keymap need not be loaded again.</summary>
    public bool SameNames(KeyboardLayout? other) =>
        other is { } o && (Rules, Model, Layout, Variant, Options) == (o.Rules, o.Model, o.Layout, o.Variant, o.Options);

    static MessageType IMessageBody.Type => MessageType.KeyboardLayout;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        new WireWriter(destination).U32(Group);
        Span<byte> fields = destination[4..];
        fields.Clear();
        int offset = 0;
        foreach (string name in (ReadOnlySpan<string>)[Rules, Model, Layout, Variant, Options])
        {
            // Checked ASCII of at most 63 bytes: the NUL and the zero padding stay.
            Encoding.ASCII.GetBytes(name, fields.Slice(offset, Limits.KeyboardNameBytes));
            offset += Limits.KeyboardNameBytes;
        }
    }

    internal static ProtocolViolation CheckGroup(uint group) =>
        group <= Limits.MaxKeyboardGroup ? ProtocolViolation.None : ProtocolViolation.KeyboardGroupOutOfRange;

    /// <summary>
    /// Security: the agent passes each name as one argument to setxkbmap (never through a shell),
    /// and XKB looks the names up as files under its data directory. Only the characters XKB
    /// names use are allowed: no '/', '.', space, quote or control character can reach a path or
    /// a command line, and a name cannot start with '-', so it can never be read as an option.
    /// </summary>
    internal static ProtocolViolation CheckName(ReadOnlySpan<char> name, bool mayBeEmpty)
    {
        if (name.Length == 0)
        {
            return mayBeEmpty ? ProtocolViolation.None : ProtocolViolation.KeyboardNameInvalid;
        }

        if (name.Length >= Limits.KeyboardNameBytes || name[0] == '-')
        {
            return ProtocolViolation.KeyboardNameInvalid;
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or ',' or ':' or '(' or ')' or '+' or '-'))
            {
                return ProtocolViolation.KeyboardNameInvalid;
            }
        }

        return ProtocolViolation.None;
    }

    internal static KeyboardLayout Trusted(string rules, string model, string layout, string variant, string options, uint group) =>
        new(rules, model, layout, variant, options, group);
}
