using System.Runtime.CompilerServices;
using GuiVirt.Protocol.Messages;
using GuiVirt.Protocol.Wire;

namespace GuiVirt.Protocol.Untrusted;

/// <summary>WINDOW_HINTS as it came off the wire.</summary>
public readonly struct UntrustedWindowHints
{
    internal readonly uint Flags;
    internal readonly Values Sizes;

    internal UntrustedWindowHints(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        Flags = reader.U32();
        for (int i = 0; i < Values.Count; i++)
        {
            Sizes[i] = reader.U32();
        }
    }

    /// <summary>The checks of <see cref="WindowHints"/>.</summary>
    public bool TryValidate(out WindowHints validated, out ProtocolViolation violation)
    {
        violation = WindowHints.Check(Flags, Sizes);
        validated = violation == ProtocolViolation.None ? WindowHints.Trusted(Flags, Sizes) : default;
        return violation == ProtocolViolation.None;
    }

    /// <summary>The eight sizes in wire order.</summary>
    [InlineArray(Count)]
    internal struct Values
    {
        public const int Count = 8;
        private uint _first;
    }
}
