using System.Buffers.Binary;

namespace GuiVirt.Protocol.Handshake;

/// <summary>
/// The version handshake, which has no message header (as in Qubes 1.4+): the agent sends its
/// version (4 bytes); the daemon checks it and answers with the negotiated version (4 bytes)
/// followed by the <see cref="ScreenConfig"/> (16 bytes: width, height, depth, mem).
/// </summary>
public static class VersionHandshake
{
    /// <summary>Bytes of the agent's announcement.</summary>
    public const int AgentHelloSize = 4;

    /// <summary>Bytes of the daemon's answer: version and screen configuration.</summary>
    public const int DaemonHelloSize = 20;

    /// <summary>The agent's announcement.</summary>
    public static void WriteAgentHello(Span<byte> destination, ProtocolVersion offered) =>
        BinaryPrimitives.WriteUInt32LittleEndian(destination, offered.Packed);

    /// <summary>
    /// Daemon side: reads the agent's announcement and negotiates. False while fewer than
    /// <see cref="AgentHelloSize"/> bytes are there; throws <see cref="ProtocolViolationException"/>
    /// when the majors differ or the result would be older than <see cref="ProtocolVersion.Oldest"/>.
    /// </summary>
    public static bool TryReadAgentHello(ReadOnlySpan<byte> buffer, ProtocolVersion ours, out ProtocolVersion negotiated)
    {
        negotiated = default;
        if (buffer.Length < AgentHelloSize)
        {
            return false;
        }

        var untrustedOffer = ProtocolVersion.Unpack(BinaryPrimitives.ReadUInt32LittleEndian(buffer));
        if (untrustedOffer.Major != ours.Major)
        {
            throw new ProtocolViolationException(ProtocolViolation.VersionMajorMismatch);
        }

        negotiated = new ProtocolVersion(ours.Major, Math.Min(ours.Minor, untrustedOffer.Minor));
        if (negotiated.Minor < ProtocolVersion.Oldest.Minor)
        {
            throw new ProtocolViolationException(ProtocolViolation.VersionTooOld);
        }

        return true;
    }

    /// <summary>The daemon's answer.</summary>
    public static void WriteDaemonHello(Span<byte> destination, ProtocolVersion negotiated, ScreenConfig screen)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, negotiated.Packed);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)screen.Width);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], (uint)screen.Height);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], (uint)screen.Depth);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], screen.MemoryKiB);
    }

    /// <summary>
    /// Agent side: reads the daemon's answer. False while fewer than <see cref="DaemonHelloSize"/>
    /// bytes are there; throws when the majors differ, the daemon did not negotiate down from what
    /// we offered, the result is older than <see cref="ProtocolVersion.Oldest"/>, or the screen is
    /// out of range.
    /// </summary>
    public static bool TryReadDaemonHello(ReadOnlySpan<byte> buffer, ProtocolVersion offered, out ProtocolVersion negotiated, out ScreenConfig screen)
    {
        (negotiated, screen) = (default, default);
        if (buffer.Length < DaemonHelloSize)
        {
            return false;
        }

        var answer = ProtocolVersion.Unpack(BinaryPrimitives.ReadUInt32LittleEndian(buffer));
        if (answer.Major != offered.Major)
        {
            throw new ProtocolViolationException(ProtocolViolation.VersionMajorMismatch);
        }

        if (answer.Minor > offered.Minor)
        {
            throw new ProtocolViolationException(ProtocolViolation.VersionNotNegotiatedDown);
        }

        if (answer.Minor < ProtocolVersion.Oldest.Minor)
        {
            throw new ProtocolViolationException(ProtocolViolation.VersionTooOld);
        }

        uint width = BinaryPrimitives.ReadUInt32LittleEndian(buffer[4..]);
        uint height = BinaryPrimitives.ReadUInt32LittleEndian(buffer[8..]);
        uint depth = BinaryPrimitives.ReadUInt32LittleEndian(buffer[12..]);
        if (ScreenConfig.Check(width, height, depth) != ProtocolViolation.None)
        {
            throw new ProtocolViolationException(ProtocolViolation.ScreenConfigInvalid);
        }

        negotiated = answer;
        screen = new ScreenConfig((int)width, (int)height, (int)depth);
        return true;
    }
}
