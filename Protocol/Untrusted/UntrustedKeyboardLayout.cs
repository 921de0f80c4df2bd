using System.Text;
using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>KEYBOARD_LAYOUT as it came off the wire: a group and five 64-byte name fields.</summary>
public readonly ref struct UntrustedKeyboardLayout
{
    internal readonly uint Group;
    internal readonly ReadOnlySpan<byte> Fields;

    internal UntrustedKeyboardLayout(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        Group = reader.U32();
        Fields = reader.Bytes(Limits.KeyboardNameCount * Limits.KeyboardNameBytes);
    }

    /// <summary>Each field terminated and zero-padded, each name of the allowed characters (the layout not empty), the group 0..3.</summary>
    public bool TryValidate(out KeyboardLayout validated, out ProtocolViolation violation)
    {
        validated = default;
        Span<string> names = new string[Limits.KeyboardNameCount];
        violation = KeyboardLayout.CheckGroup(Group);
        for (int i = 0; i < Limits.KeyboardNameCount && violation == ProtocolViolation.None; i++)
        {
            violation = ReadName(Fields.Slice(i * Limits.KeyboardNameBytes, Limits.KeyboardNameBytes), mayBeEmpty: i != 2, out names[i]);
        }

        if (violation == ProtocolViolation.None)
        {
            validated = KeyboardLayout.Trusted(names[0], names[1], names[2], names[3], names[4], Group);
        }

        return violation == ProtocolViolation.None;
    }

    private static ProtocolViolation ReadName(ReadOnlySpan<byte> untrustedField, bool mayBeEmpty, out string name)
    {
        name = "";
        int end = untrustedField.IndexOf((byte)0);
        if (end < 0)
        {
            return ProtocolViolation.TextNotTerminated;
        }

        if (untrustedField[end..].ContainsAnyExcept((byte)0))
        {
            return ProtocolViolation.TextPaddingNotZero;
        }

        // Checked byte by byte before it becomes a string: any byte above 0x7F fails the check too.
        Span<char> chars = stackalloc char[end];
        for (int i = 0; i < end; i++)
        {
            chars[i] = untrustedField[i] < 0x80 ? (char)untrustedField[i] : '\0';
        }

        ProtocolViolation violation = KeyboardLayout.CheckName(chars, mayBeEmpty);
        if (violation == ProtocolViolation.None)
        {
            name = Encoding.ASCII.GetString(untrustedField[..end]);
        }

        return violation;
    }
}
