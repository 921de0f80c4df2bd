using System.Buffers.Binary;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Messages;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Grants;
using K4os.Compression.LZ4;

namespace GuiVirt.Remote.Tests;

/// <summary>
/// CLIPBOARD_IMAGE records (docs/remote.md): an image passed with a sealed memfd crosses the
/// stream pixel-exact and comes out as an ordinary CLIPBOARD_IMAGE with a new sealed memfd of
/// exactly width x height x 4 bytes; a descriptor the daemon would refuse is refused before it is
/// read, and a hostile record (sides out of range, a length over the bound, a block that decodes to
/// more or fewer bytes) ends the link before the lie is believed.
/// </summary>
public sealed class ClipboardImageRecordTests : IDisposable
{
    private readonly (MessageChannel DaemonEnd, MessageChannel AgentEnd) _pair = MessageChannel.CreatePair();
    private readonly Importer _importer;

    public ClipboardImageRecordTests() => _importer = new Importer(Stream.Null, Stream.Null, _pair.AgentEnd);

    public void Dispose()
    {
        _importer.Dispose();
        _pair.DaemonEnd.Dispose();
        _pair.AgentEnd.Dispose();
    }

    [Fact]
    public unsafe void An_image_crosses_pixel_exact_into_a_new_sealed_memfd_the_daemon_is_sent()
    {
        const int width = 300, height = 200;
        byte[] rgba = new byte[width * height * 4];
        new Random(5).NextBytes(rgba.AsSpan(0, rgba.Length / 2)); // half noise, half zero: both kinds of LZ4 run
        var link = new MemoryStream();
        Assert.Equal(ProtocolViolation.None, ClipboardImageRecord.Send(new RecordWriter(link), Body(width, height), ImageFd(rgba)));

        var reader = new RecordReader(new MemoryStream(link.ToArray()));
        Assert.True(reader.TryRead(out RecordKind kind, out ReadOnlySpan<byte> payload));
        Assert.Equal(RecordKind.ClipboardImage, kind);
        Assert.True(payload.Length < rgba.Length, "the image was not compressed");
        _importer.Apply(kind, payload);

        Assert.True(Receive(_pair.DaemonEnd));
        Assert.True(_pair.DaemonEnd.TryReadMessage(out ReceivedMessage message));
        Assert.Equal(MessageType.ClipboardImage, message.Header.Type);
        Assert.Equal(Body(width, height), message.UntrustedBody.ToArray());
        Assert.Equal(ProtocolViolation.None, new MemfdGrantMapper().TryMap(message.UntrustedFd!, rgba.Length, out IMappedGrant? grant, exactSize: true));
        using (grant)
        {
            Assert.True(new ReadOnlySpan<byte>((void*)grant!.Address, rgba.Length).SequenceEqual(rgba), "the image differs after the link");
        }
    }

    [Fact]
    public void ADescriptorTheDaemonWouldRefuseIsNotReadOrSent()
    {
        var link = new MemoryStream();
        byte[] larger = new byte[(16 * 16 * 4) + 4096];
        Assert.Equal(ProtocolViolation.GrantTooLarge, ClipboardImageRecord.Send(new RecordWriter(link), Body(16, 16), ImageFd(larger)));
        Assert.Equal(ProtocolViolation.ClipboardImageSizeOutOfRange, ClipboardImageRecord.Send(new RecordWriter(link), Body(4097, 1), ImageFd(larger)));
        Assert.Equal(0, link.Length);
    }

    [Theory]
    [InlineData(0u, 1u)]
    [InlineData(1u, 4097u)]
    [InlineData(0xFFFFFFFFu, 1u)]
    public void AnImageOutOfRangeIsRefusedBeforeItIsAllocated(uint width, uint height) =>
        Assert.Throws<RemoteStreamException>(() => _importer.Apply(RecordKind.ClipboardImage, [.. Body(width, height), .. Compress(new byte[64])]));

    [Theory]
    [InlineData(16 * 16 * 4 - 1)] // one byte short
    [InlineData(16 * 16 * 4 + 1)] // one byte more
    [InlineData(64 << 20)] // a bomb: 64 MiB of zero for a 16x16 image
    public void ABlockThatDoesNotDecodeToExactlyTheImageIsRefused(int decodedBytes)
    {
        var e = Assert.Throws<RemoteStreamException>(() => _importer.Apply(RecordKind.ClipboardImage, [.. Body(16, 16), .. Compress(new byte[decodedBytes])]));
        Assert.Contains("not 1024", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(8u)] // no block
    [InlineData(RemoteLimits.MaxClipboardImageRecordBytes + 1u)]
    [InlineData(0xFFFFFFFFu)]
    public void ARecordLengthOverTheBoundIsRefusedBeforeItsPayloadIsRead(uint length)
    {
        byte[] stream = new byte[4 + 8];
        "GVR1"u8.CopyTo(stream);
        BinaryPrimitives.WriteUInt32LittleEndian(stream.AsSpan(4), (uint)RecordKind.ClipboardImage);
        BinaryPrimitives.WriteUInt32LittleEndian(stream.AsSpan(8), length);
        var reader = new RecordReader(new MemoryStream(stream)); // no payload follows: refused before reading it
        var e = Assert.Throws<RemoteStreamException>(() => reader.TryRead(out _, out _));
        Assert.Contains($"{length} bytes", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A sealed memfd holding <paramref name="bytes"/>, as an agent passes it.</summary>
    private static Microsoft.Win32.SafeHandles.SafeFileHandle ImageFd(byte[] bytes)
    {
        IAgentGrant grant = new MemfdGrantAllocator().Allocate(bytes.Length);
        unsafe
        {
            bytes.CopyTo(new Span<byte>((void*)grant.Address, bytes.Length));
        }

        // Reopened through /proc: the same sealed memfd, a descriptor of its own.
        var fd = File.OpenHandle($"/proc/self/fd/{grant.ShareHandle.DangerousGetHandle()}", FileMode.Open, FileAccess.Read);
        grant.Dispose();
        return fd;
    }

    private static bool Receive(MessageChannel channel) => channel.ReceiveAsync().AsTask().Wait(5000);

    private static byte[] Body(uint width, uint height)
    {
        byte[] body = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(body, width);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), height);
        return body;
    }

    private static byte[] Compress(byte[] data)
    {
        byte[] block = new byte[LZ4Codec.MaximumOutputSize(data.Length)];
        return block.AsSpan(0, LZ4Codec.Encode(data, block)).ToArray();
    }
}
