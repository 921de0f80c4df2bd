using System.Runtime.CompilerServices;

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// KEYMAP_NOTIFY (daemon to agent): the 256-bit map of keys held down on the host, sent when a
/// window gains focus so the agent can release keys that are stuck down in the qube.
/// </summary>
public readonly record struct Keymap : IMessageBody
{
    private readonly Bytes _bits;

    /// <summary>Creates a keymap from X11's 32-byte key vector (XQueryKeymap).</summary>
    public Keymap(ReadOnlySpan<byte> keyVector)
    {
        if (keyVector.Length != Limits.KeymapBytes)
        {
            throw new ArgumentException($"a keymap is {Limits.KeymapBytes} bytes", nameof(keyVector));
        }

        keyVector.CopyTo(_bits);
    }

    /// <summary>True when <paramref name="keycode"/> is down.</summary>
    public bool IsDown(int keycode) => keycode is >= 0 and <= 255 && (_bits[keycode >> 3] & (1 << (keycode & 7))) != 0;

    static MessageType IMessageBody.Type => MessageType.KeymapNotify;

    void IMessageBody.WriteTo(Span<byte> destination) => ((ReadOnlySpan<byte>)_bits).CopyTo(destination);

    /// <inheritdoc/>
    public bool Equals(Keymap other) => ((ReadOnlySpan<byte>)_bits).SequenceEqual(other._bits);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bits);
        return hash.ToHashCode();
    }

    [InlineArray(Limits.KeymapBytes)]
    private struct Bytes
    {
        private byte _first;
    }
}
