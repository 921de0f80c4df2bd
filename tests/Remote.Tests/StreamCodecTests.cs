using System.Buffers.Binary;
using System.Runtime.InteropServices;
using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Grants;
using K4os.Compression.LZ4;

namespace GuiVirt.Remote.Tests;

/// <summary>
/// The remote stream (docs/remote.md): the codec round trip is lossless, and every hostile stream
/// the issue names (corrupt LZ4, lengths that lie, a decompression bomb, a rectangle outside its
/// window, a flood) is refused by the importer with a <see cref="RemoteStreamException"/>, before
/// it allocates or decodes what the lie asks for.
/// </summary>
public sealed class StreamCodecTests : IDisposable
{
    private const uint Window = 7;
    private readonly (MessageChannel DaemonEnd, MessageChannel AgentEnd) _pair = MessageChannel.CreatePair();
    private readonly MemoryStream _toExporter = new();
    private readonly Importer _importer;

    public StreamCodecTests() => _importer = new Importer(Stream.Null, _toExporter, _pair.AgentEnd);

    public void Dispose()
    {
        _importer.Dispose();
        _pair.DaemonEnd.Dispose();
        _pair.AgentEnd.Dispose();
    }

    [Fact]
    public unsafe void A_rectangle_arrives_pixel_exact_in_the_sealed_buffer_the_daemon_is_sent()
    {
        const int width = 64, height = 48;
        byte[] first = Pattern(width, height, seed: 1), second = Pattern(width, height, seed: 2);
        byte[] lastFrame = new byte[width * height * 4];
        _importer.Apply(RecordKind.Dump, Dump(Window, width, height));
        _importer.Apply(RecordKind.Rect, EncodeRect(first, width, lastFrame, new Rectangle(0, 0, width, height), sequence: 1));

        // Then only a part changes: the XOR delta carries it, and the rest stays.
        Array.Copy(second, 0, first, 0, width * 4 * 10);
        _importer.Apply(RecordKind.Rect, EncodeRect(first, width, lastFrame, new Rectangle(0, 0, width, 10), sequence: 2));

        Assert.True(Receive(_pair.DaemonEnd));
        Assert.True(_pair.DaemonEnd.TryReadMessage(out ReceivedMessage dump));
        Assert.Equal(MessageType.WindowDump, dump.Header.Type);
        var mapper = new MemfdGrantMapper();
        Assert.Equal(ProtocolViolation.None, mapper.TryMap(dump.UntrustedFd!, (long)width * height * 4, out IMappedGrant? grant));
        using (grant)
        {
            var pixels = new ReadOnlySpan<byte>((void*)grant!.Address, width * height * 4);
            Assert.True(pixels.SequenceEqual(first), "the importer's buffer differs from the exporter's pixels");
        }

        Assert.True(_pair.DaemonEnd.TryReadMessage(out ReceivedMessage shm));
        Assert.Equal(MessageType.ShmImage, shm.Header.Type);
        Assert.Equal(2, CountRecords(_toExporter.ToArray(), RecordKind.Ack));
    }

    [Fact]
    public void CorruptLz4IsRefused()
    {
        _importer.Apply(RecordKind.Dump, Dump(Window, 16, 16));
        byte[] garbage = new byte[300];
        new Random(3).NextBytes(garbage);
        garbage[0] = 0xF0; // a literal run that claims more bytes than follow
        Assert.Throws<RemoteStreamException>(() => _importer.Apply(RecordKind.Rect, Rect(Window, 1, 0, 0, 16, 16, garbage)));
    }

    [Fact]
    public void ABlockThatDecodesToFewerBytesThanTheRectangleIsRefused()
    {
        _importer.Apply(RecordKind.Dump, Dump(Window, 16, 16));
        byte[] small = Compress(new byte[16 * 15 * 4]); // one row short
        var e = Assert.Throws<RemoteStreamException>(() => _importer.Apply(RecordKind.Rect, Rect(Window, 1, 0, 0, 16, 16, small)));
        Assert.Contains("not 1024", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADecompressionBombIsRefusedWithoutDecodingPastTheRectangle()
    {
        _importer.Apply(RecordKind.Dump, Dump(Window, 16, 16));
        byte[] bomb = Compress(new byte[RemoteLimits.MaxRectPixelBytes]); // 4 MiB of zeros in a few KiB, for a 1 KiB rectangle
        Assert.True(bomb.Length < 20_000);
        Assert.Throws<RemoteStreamException>(() => _importer.Apply(RecordKind.Rect, Rect(Window, 1, 0, 0, 16, 16, bomb)));
    }

    [Theory]
    [InlineData(0u, 0u, 17u, 16u)] // wider than the window
    [InlineData(10u, 0u, 7u, 1u)] // runs off the right edge
    [InlineData(0u, 16u, 1u, 1u)] // below the bottom
    [InlineData(0xFFFFFFF0u, 0u, 32u, 1u)] // x + width wraps in 32 bits
    [InlineData(0u, 0u, 0u, 1u)] // empty
    public void ARectangleOutsideItsWindowIsRefused(uint x, uint y, uint width, uint height)
    {
        _importer.Apply(RecordKind.Dump, Dump(Window, 16, 16));
        Assert.Throws<RemoteStreamException>(() => _importer.Apply(RecordKind.Rect, Rect(Window, 1, x, y, width, height, Compress(new byte[4]))));
    }

    [Theory]
    [InlineData(0u, 1u, 17u, 1u, -1)] // wider than the window
    [InlineData(0u, 10u, 16u, 7u, -1)] // the source runs off the bottom
    [InlineData(0u, 8u, 16u, 8u, 1)] // the target runs off the bottom
    [InlineData(0u, 0u, 16u, 4u, -1)] // the target starts above the top
    [InlineData(0u, 8u, 16u, 8u, int.MinValue)] // dy wraps y + dy in 32 bits
    [InlineData(0u, 8u, 16u, 1u, int.MaxValue)]
    [InlineData(0xFFFFFFF0u, 4u, 32u, 1u, 1)] // x + width wraps
    [InlineData(0u, 0xFFFFFFFFu, 16u, 2u, 1)] // y + height wraps
    [InlineData(0u, 4u, 16u, 4u, 0)] // moves nothing
    [InlineData(0u, 4u, 0u, 4u, 1)] // empty
    public void ACopyOutsideItsWindowIsRefusedBeforeAByteMoves(uint x, uint y, uint width, uint height, int dy)
    {
        _importer.Apply(RecordKind.Dump, Dump(Window, 16, 16));
        Assert.Throws<RemoteStreamException>(() => _importer.Apply(RecordKind.Copy, Copy(Window, x, y, width, height, dy)));
    }

    [Fact]
    public void ACopyBeforeItsWindowsDumpIsRefused() =>
        Assert.Throws<RemoteStreamException>(() => _importer.Apply(RecordKind.Copy, Copy(Window, 0, 4, 16, 4, -4)));

    [Fact]
    public unsafe void A_copy_moves_overlapping_rows_as_memmove_does_and_is_shown_with_the_next_rect()
    {
        const int width = 16, height = 16;
        byte[] pixels = Pattern(width, height, seed: 5), lastFrame = new byte[width * height * 4];
        _importer.Apply(RecordKind.Dump, Dump(Window, width, height));
        _importer.Apply(RecordKind.Rect, EncodeRect(pixels, width, lastFrame, new Rectangle(0, 0, width, height), sequence: 1));
        _importer.Apply(RecordKind.Copy, Copy(Window, 2, 0, 12, 10, 4)); // rows 0..9 down to 4..13, columns 2..13
        _importer.Apply(RecordKind.Rect, EncodeRect(pixels, width, (byte[])pixels.Clone(), new Rectangle(15, 15, 1, 1), sequence: 2)); // the corner, unchanged
        byte[] expected = (byte[])pixels.Clone();
        for (int row = 9; row >= 0; row--)
        {
            Array.Copy(pixels, ((row * width) + 2) * 4, expected, (((row + 4) * width) + 2) * 4, 12 * 4);
        }

        Assert.True(Receive(_pair.DaemonEnd));
        Assert.True(_pair.DaemonEnd.TryReadMessage(out ReceivedMessage dump));
        Assert.Equal(ProtocolViolation.None, new MemfdGrantMapper().TryMap(dump.UntrustedFd!, (long)width * height * 4, out IMappedGrant? grant));
        using (grant)
        {
            Assert.True(new ReadOnlySpan<byte>((void*)grant!.Address, width * height * 4).SequenceEqual(expected), "the copy moved other pixels than memmove would");
        }

        // The RECTs' SHMIMAGEs, and the COPY's target only after the RECT that follows it.
        var images = new List<int[]>();
        while (images.Count < 3)
        {
            if (_pair.DaemonEnd.TryReadMessage(out ReceivedMessage image))
            {
                Assert.Equal(MessageType.ShmImage, image.Header.Type);
                ReadOnlySpan<byte> body = image.UntrustedBody;
                images.Add([BinaryPrimitives.ReadInt32LittleEndian(body), BinaryPrimitives.ReadInt32LittleEndian(body[4..]),
                    BinaryPrimitives.ReadInt32LittleEndian(body[8..]), BinaryPrimitives.ReadInt32LittleEndian(body[12..])]);
            }
            else
            {
                Assert.True(Receive(_pair.DaemonEnd));
            }
        }

        Assert.Equal([15, 15, 1, 1], images[1]);
        Assert.Equal([2, 4, 12, 10], images[2]);
    }

    [Fact]
    public void ARectangleOfAWindowWithoutABufferIsRefused() =>
        Assert.Throws<RemoteStreamException>(() => _importer.Apply(RecordKind.Rect, Rect(99, 1, 0, 0, 1, 1, Compress(new byte[4]))));

    [Fact]
    public void ARectangleOverTheDecodedBoundIsRefusedBeforeDecoding()
    {
        _importer.Apply(RecordKind.Dump, Dump(Window, 4096, 4096));
        var e = Assert.Throws<RemoteStreamException>(() => _importer.Apply(RecordKind.Rect, Rect(Window, 1, 0, 0, 2048, 1024, Compress(new byte[4]))));
        Assert.Contains("over", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0u, 16u, 16u)] // window 0
    [InlineData(Window, 0u, 16u)]
    [InlineData(Window, 16385u, 16u)] // wider than any window
    [InlineData(Window, 16u, 0xFFFFFFFFu)]
    public void ADumpOutOfRangeIsRefused(uint window, uint width, uint height) =>
        Assert.Throws<RemoteStreamException>(() => _importer.Apply(RecordKind.Dump, Dump(window, width, height)));

    [Fact]
    public async Task AFloodOfWindowsEndsAtTheImportersBound()
    {
        // The importer waits while the daemon does not read (Apply flushes): here a daemon that
        // reads, or 512 WINDOW_DUMPs with a descriptor each would fill the socket and hang the test.
        using var reading = new CancellationTokenSource();
        Task daemon = ReadEverything(_pair.DaemonEnd, reading.Token);
        var e = Assert.Throws<RemoteStreamException>(() =>
        {
            for (uint window = 1; window <= RemoteLimits.MaxWindows + 1; window++)
            {
                _importer.Apply(RecordKind.Dump, Dump(window, 1, 1));
            }
        });
        Assert.Contains("windows", e.Message, StringComparison.Ordinal);
        await reading.CancelAsync();
        await daemon;
    }

    [Fact]
    public void AFloodOfLargeBuffersEndsAtTheImportersMemoryBound()
    {
        var e = Assert.Throws<RemoteStreamException>(() =>
        {
            for (uint window = 1; window <= 64; window++)
            {
                _importer.Apply(RecordKind.Dump, Dump(window, 16384, 6144)); // 384 MiB each
            }
        });
        Assert.Contains("MiB", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MessageType.WindowDump)]
    [InlineData(MessageType.ShmImage)]
    public void ARelayedMessageMayNotCarryBuffersOrTheirPixels(MessageType type)
    {
        int body = MessageTypes.FixedBodySize(type)!.Value;
        byte[] message = new byte[12 + body];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)type);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(4), Window);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), (uint)body);
        Assert.Throws<RemoteStreamException>(() => _importer.Apply(RecordKind.Message, message));
    }

    [Fact]
    public void ARelayedMessageWhoseHeaderLiesAboutItsLengthIsRefused()
    {
        byte[] message = new byte[12 + 8];
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)MessageType.Map);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(4), Window);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(8), 4); // MAP's body is 8 bytes
        Assert.ThrowsAny<Exception>(() => _importer.Apply(RecordKind.Message, message));
    }

    [Theory]
    [InlineData(RecordKind.Dump, 13u)] // a DUMP is exactly 12 bytes
    [InlineData(RecordKind.Rect, 24u)] // a RECT without a block
    [InlineData(RecordKind.Copy, 25u)] // a COPY is exactly 24 bytes
    [InlineData(RecordKind.Rect, RemoteLimits.MaxPayloadBytes + 1u)]
    [InlineData(RecordKind.Message, 0xFFFFFFFFu)]
    [InlineData(RecordKind.Hello, 5u)]
    [InlineData((RecordKind)77, 0u)]
    public void ARecordLengthThatLiesIsRefusedBeforeItsPayloadIsRead(RecordKind kind, uint length)
    {
        byte[] stream = new byte[4 + 8];
        "GVR1"u8.CopyTo(stream);
        BinaryPrimitives.WriteUInt32LittleEndian(stream.AsSpan(4), (uint)kind);
        BinaryPrimitives.WriteUInt32LittleEndian(stream.AsSpan(8), length);
        var reader = new RecordReader(new MemoryStream(stream)); // no payload follows: refused before reading it
        Assert.Throws<RemoteStreamException>(() => reader.TryRead(out _, out _));
    }

    [Fact]
    public void AStreamCutInsideARecordOrWithAnotherMagicIsRefused()
    {
        Assert.Throws<RemoteStreamException>(() => new RecordReader(new MemoryStream("XXXX\u0001\0\0\0\u0004\0\0\0"u8.ToArray())).TryRead(out _, out _));
        byte[] cut = [.. "GVR1"u8, 3, 0, 0, 0, 12, 0, 0, 0, 1, 2];
        Assert.Throws<RemoteStreamException>(() => new RecordReader(new MemoryStream(cut)).TryRead(out _, out _));
        Assert.False(new RecordReader(new MemoryStream()).TryRead(out _, out _)); // an empty stream is a clean end
    }

    private static byte[] EncodeRect(byte[] frame, int width, byte[] lastFrame, Rectangle rect, uint sequence)
    {
        byte[] scratch = new byte[RemoteLimits.MaxRectPixelBytes];
        byte[] compressed = new byte[LZ4Codec.MaximumOutputSize(RemoteLimits.MaxRectPixelBytes)];
        GCHandle pin = GCHandle.Alloc(frame, GCHandleType.Pinned);
        try
        {
            int length = PixelDelta.Encode(pin.AddrOfPinnedObject(), width * 4, lastFrame, width, rect, scratch, compressed);
            return Rect(Window, sequence, (uint)rect.X, (uint)rect.Y, (uint)rect.Width, (uint)rect.Height, compressed.AsSpan(0, length).ToArray());
        }
        finally
        {
            pin.Free();
        }
    }

    private static bool Receive(MessageChannel channel) => channel.ReceiveAsync().AsTask().Wait(5000);

    /// <summary>Reads and drops every message (closing its descriptor) until cancelled or the channel closes.</summary>
    private static Task ReadEverything(MessageChannel channel, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        try
        {
            while (await channel.ReceiveAsync(cancellationToken))
            {
                while (channel.TryReadMessage(out ReceivedMessage message))
                {
                    message.UntrustedFd?.Dispose();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException or ProtocolViolationException)
        {
            // the test is over
        }
    });

    private static byte[] Pattern(int width, int height, int seed)
    {
        byte[] pixels = new byte[width * height * 4];
        new Random(seed).NextBytes(pixels);
        return pixels;
    }

    private static byte[] Compress(byte[] data)
    {
        byte[] target = new byte[LZ4Codec.MaximumOutputSize(data.Length)];
        return target.AsSpan(0, LZ4Codec.Encode(data, target)).ToArray();
    }

    private static byte[] Dump(uint window, uint width, uint height)
    {
        byte[] payload = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, window);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(4), width);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(8), height);
        return payload;
    }

    private static byte[] Copy(uint window, uint x, uint y, uint width, uint height, int dy)
    {
        byte[] payload = new byte[24];
        uint[] fields = [window, x, y, width, height, (uint)dy];
        for (int i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(i * 4), fields[i]);
        }

        return payload;
    }

    private static byte[] Rect(uint window, uint sequence, uint x, uint y, uint width, uint height, byte[] block)
    {
        byte[] payload = new byte[24 + block.Length];
        uint[] fields = [window, sequence, x, y, width, height];
        for (int i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(i * 4), fields[i]);
        }

        block.CopyTo(payload, 24);
        return payload;
    }

    private static int CountRecords(byte[] stream, RecordKind kind)
    {
        var reader = new RecordReader(new MemoryStream(stream));
        int count = 0;
        while (reader.TryRead(out RecordKind read, out _))
        {
            count += read == kind ? 1 : 0;
        }

        return count;
    }
}
