using System.Runtime.InteropServices;
using K4os.Compression.LZ4;

namespace GuiVirt.Remote.Tests;

/// <summary>
/// The exporter reads a window's buffer while the qube's X server writes it (the agent's copies of
/// the next frame's damage land in the same shared memory at any time). What a RECT carries may be
/// torn (later damage sends it again), but the importer's copy must stay exactly the exporter's
/// last frame sent: the XOR deltas are relative to it, so a difference would stay on the screen for
/// as long as the window lives. This fits the remote benchmark's scrolling text over 100 Mbit/s
/// (98.44% exact pixels, 0/100 lossless samples): a new window's DUMP makes the exporter read the
/// whole, still zero, grant while the X server copies the first frame into it; a row written
/// between two reads of it (PixelDelta.Encode read the grant twice) is sent as zero and remembered
/// as text, and then shows the text XOR that first frame (black or grey, never text) for the rest
/// of the run: 2 whole rows of the observer's 128x128 area are 256 pixels, 1.56% of every sample.
/// </summary>
public sealed class ConcurrentBufferTests
{
    private const int Width = 256, Height = 32;

    [Fact]
    public unsafe void The_importers_copy_stays_the_last_frame_sent_while_the_buffer_is_written()
    {
        int bytes = Width * Height * 4;
        uint* source = (uint*)NativeMemory.AllocZeroed((nuint)bytes);
        byte* importerCopy = (byte*)NativeMemory.AllocZeroed((nuint)bytes);
        byte[] lastFrame = new byte[bytes];
        byte[] scratch = new byte[bytes];
        byte[] compressed = new byte[LZ4Codec.MaximumOutputSize(bytes)];
        byte[] decodeScratch = new byte[bytes];
        using var stop = new CancellationTokenSource();

        // The qube's X server: rewrites every pixel of the buffer, over and over, with new values.
        var writer = new Thread(() =>
        {
            uint value = 1;
            while (!stop.IsCancellationRequested)
            {
                for (int i = 0; i < Width * Height; i++)
                {
                    source[i] = value++;
                }
            }
        }) { IsBackground = true };
        writer.Start();
        try
        {
            var whole = new Rectangle(0, 0, Width, Height);
            int round = 0;
            for (; round < 20_000; round++)
            {
                int length = PixelDelta.Encode((nint)source, Width * 4, lastFrame, Width, whole, scratch, compressed);
                PixelDelta.Decode(compressed.AsSpan(0, length), whole, (nint)importerCopy, Width * 4, decodeScratch);
                if (!new ReadOnlySpan<byte>(importerCopy, bytes).SequenceEqual(lastFrame))
                {
                    break;
                }
            }

            Assert.True(round == 20_000, $"after RECT {round + 1} the importer's copy differs from the exporter's last frame sent");
        }
        finally
        {
            stop.Cancel();
            writer.Join();
            NativeMemory.Free(source);
            NativeMemory.Free(importerCopy);
        }
    }
}
