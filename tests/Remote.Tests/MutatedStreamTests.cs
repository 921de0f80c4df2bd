using System.Buffers.Binary;
using GuiVirt.Protocol;
using GuiVirt.SharedMemory.Channel;
using K4os.Compression.LZ4;

namespace GuiVirt.Remote.Tests;

/// <summary>
/// A small fuzz run in every test run: honest streams (a window's DUMP and RECTs) with random bytes
/// flipped, cut or inserted, read by the real <see cref="RecordReader"/> and applied by the real
/// <see cref="Importer"/>. Each must end in a clean end, a refusal (<see cref="RemoteStreamException"/>,
/// or <see cref="ProtocolViolationException"/> for a relayed header), or be accepted: never any other
/// exception. The seeds are fixed, so a failure is reproducible.
/// </summary>
public sealed class MutatedStreamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void MutatedStreamsEndOnlyInARefusalOrAnAcceptance(int seed)
    {
        var random = new Random(seed);
        byte[] honest = HonestStream();
        int refused = 0;
        for (int round = 0; round < 150; round++)
        {
            byte[] stream = Mutate(honest, random);
            var pair = MessageChannel.CreatePair();
            using var importer = new Importer(Stream.Null, Stream.Null, pair.AgentEnd);
            var reader = new RecordReader(new MemoryStream(stream));
            try
            {
                while (reader.TryRead(out RecordKind kind, out ReadOnlySpan<byte> payload))
                {
                    importer.Apply(kind, payload);
                }
            }
            catch (Exception e) when (e is RemoteStreamException or ProtocolViolationException)
            {
                refused++;
            }
            finally
            {
                pair.DaemonEnd.Dispose();
                pair.AgentEnd.Dispose();
            }
        }

        Assert.True(refused > 0, "no mutation was refused: the mutator does nothing");
    }

    /// <summary>A DUMP of a 32x32 window, three RECTs and a COPY of it, and a clipboard image (the importer's side of the stream; no hello).</summary>
    private static byte[] HonestStream()
    {
        var stream = new MemoryStream();
        stream.Write("GVR1"u8);
        Record(stream, RecordKind.Dump, U32(9, 32, 32));
        var random = new Random(0);
        for (uint i = 1; i <= 3; i++)
        {
            byte[] pixels = new byte[8 * 8 * 4];
            random.NextBytes(pixels);
            byte[] block = new byte[LZ4Codec.MaximumOutputSize(pixels.Length)];
            int length = LZ4Codec.Encode(pixels, block);
            Record(stream, RecordKind.Rect, [.. U32(9, i, i * 8, i * 4, 8, 8), .. block.AsSpan(0, length).ToArray()]);
        }

        // A scroll: rows 8..23 up 8 rows (COPY), as the exporter sends before the RECTs of what is new.
        Record(stream, RecordKind.Copy, U32(9, 0, 8, 32, 16, unchecked((uint)-8)));

        // A 4x4 clipboard image (CLIPBOARD_IMAGE: width, height, one LZ4 block of its RGBA).
        byte[] image = new byte[4 * 4 * 4];
        random.NextBytes(image);
        byte[] imageBlock = new byte[LZ4Codec.MaximumOutputSize(image.Length)];
        int imageLength = LZ4Codec.Encode(image, imageBlock);
        Record(stream, RecordKind.ClipboardImage, [.. U32(4, 4), .. imageBlock.AsSpan(0, imageLength).ToArray()]);
        return stream.ToArray();
    }

    private static byte[] Mutate(byte[] honest, Random random)
    {
        List<byte> bytes = [.. honest];
        for (int edits = random.Next(1, 5); edits > 0; edits--)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes.RemoveRange(at, Math.Min(random.Next(1, 16), bytes.Count - at)); break;
                default: bytes.InsertRange(at, [(byte)random.Next(256), 0xFF, 0xFF, 0x7F]); break;
            }

            if (bytes.Count == 0)
            {
                break;
            }
        }

        return [.. bytes];
    }

    private static void Record(Stream stream, RecordKind kind, ReadOnlySpan<byte> payload)
    {
        stream.Write(U32((uint)kind, (uint)payload.Length));
        stream.Write(payload);
    }

    private static byte[] U32(params uint[] values)
    {
        byte[] bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }
}
