using System.Buffers.Binary;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Grants;
using K4os.Compression.LZ4;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.Remote;

/// <summary>
/// CLIPBOARD_IMAGE records (docs/remote.md), the same both ways: the protocol message's width and
/// height, then one LZ4 block of its width x height x 4 bytes of raw RGBA. The sender reads the
/// memfd it was passed, checked as the daemon checks one; the receiver decodes into a new sealed
/// memfd of exactly that size and passes on an ordinary CLIPBOARD_IMAGE, which its peer (daemon or
/// agent) checks as it checks any.
/// </summary>
public static class ClipboardImageRecord
{
    private static readonly MemfdGrantMapper Mapper = new();
    private static readonly MemfdGrantAllocator Allocator = new();

    /// <summary>
    /// Sends the image of a CLIPBOARD_IMAGE message (<paramref name="untrustedBody"/>, its
    /// descriptor <paramref name="untrustedFd"/>, which is closed) as a record. Returns the reason
    /// when the message is refused as the daemon would refuse it; nothing is sent then.
    /// </summary>
    public static ProtocolViolation Send(RecordWriter writer, ReadOnlySpan<byte> untrustedBody, SafeFileHandle untrustedFd)
    {
        using (untrustedFd)
        {
            uint untrustedWidth = BinaryPrimitives.ReadUInt32LittleEndian(untrustedBody);
            uint untrustedHeight = BinaryPrimitives.ReadUInt32LittleEndian(untrustedBody[4..]);

            // Security: the sides are bounded before anything is mapped.
            if (!ClipboardImage.Fits(untrustedWidth, untrustedHeight))
            {
                return ProtocolViolation.ClipboardImageSizeOutOfRange;
            }

            // Security: as the daemon maps one: sealed SHRINK and GROW, exactly width x height x 4 bytes, read-only.
            var image = new ClipboardImage((int)untrustedWidth, (int)untrustedHeight);
            ProtocolViolation refused = Mapper.TryMap(untrustedFd, image.ByteCount, out IMappedGrant? grant, exactSize: true);
            if (refused != ProtocolViolation.None)
            {
                return refused;
            }

            using (grant)
            {
                Span<byte> head = stackalloc byte[RemoteLimits.ClipboardImageHeaderBytes];
                BinaryPrimitives.WriteInt32LittleEndian(head, image.Width);
                BinaryPrimitives.WriteInt32LittleEndian(head[4..], image.Height);
                byte[] block = new byte[LZ4Codec.MaximumOutputSize((int)image.ByteCount)];
                int length = LZ4Codec.Encode(Pixels(grant!.Address, image), block);
                writer.Write(RecordKind.ClipboardImage, head, block.AsSpan(0, length));
            }

            return ProtocolViolation.None;
        }
    }

    /// <summary>
    /// Decodes a CLIPBOARD_IMAGE record into a new sealed memfd and sends it to <paramref name="peer"/>
    /// as an ordinary CLIPBOARD_IMAGE (not flushed). Throws <see cref="RemoteStreamException"/> for
    /// sides out of range or a block that does not decode to exactly width x height x 4 bytes.
    /// </summary>
    public static void Receive(ReadOnlySpan<byte> untrustedPayload, MessageChannel peer)
    {
        uint untrustedWidth = BinaryPrimitives.ReadUInt32LittleEndian(untrustedPayload);
        uint untrustedHeight = BinaryPrimitives.ReadUInt32LittleEndian(untrustedPayload[4..]);

        // Security: the sides are bounded by the protocol's limit before the memfd is allocated.
        if (!ClipboardImage.Fits(untrustedWidth, untrustedHeight))
        {
            throw new RemoteStreamException($"a CLIPBOARD_IMAGE of {untrustedWidth}x{untrustedHeight}");
        }

        var image = new ClipboardImage((int)untrustedWidth, (int)untrustedHeight);
        using IAgentGrant grant = Allocator.Allocate(image.ByteCount);

        // Security: the decoder writes only inside the memfd's exact size (a bomb fails inside it),
        // and a block that decodes to fewer bytes is refused: the image is whole or not sent.
        int decoded = LZ4Codec.Decode(untrustedPayload[RemoteLimits.ClipboardImageHeaderBytes..], Pixels(grant.Address, image));
        if (decoded != image.ByteCount)
        {
            throw new RemoteStreamException($"a CLIPBOARD_IMAGE block that decodes to {decoded} bytes, not {image.ByteCount}");
        }

        peer.Send(WindowId.None, image, grant.ShareHandle); // the channel sends its own duplicate
    }

    private static unsafe Span<byte> Pixels(nint address, ClipboardImage image) => new((void*)address, (int)image.ByteCount);
}
