using System.Buffers.Binary;
using System.Diagnostics;
using GuiVirt.Protocol;
using GuiVirt.Protocol.Handshake;
using GuiVirt.Protocol.Messages;
using GuiVirt.TestSupport;
using GuiVirt.X11;
using K4os.Compression.LZ4;

namespace GuiVirt.Daemon.Tests.Remote;

/// <summary>
/// Hostile remote streams (docs/remote.md) into the real importer (`guivirt remote import`) on a
/// real daemon's qube socket, beside an honest qube whose app keeps drawing: each stream ends the
/// hostile qube only, with one line from the importer; the daemon lives on and the honest qube's
/// window keeps updating.
/// </summary>
[Collection(XServerCollection.Name)]
public sealed class HostileStreamTests : IDisposable
{
    private const uint Window = 5;
    private readonly string _directory = Directory.CreateTempSubdirectory("guivirt-hostile-stream-").FullName;
    private readonly XvfbServer _host = new(1280, 800);
    private readonly XvfbServer _honestX = new(1280, 800);
    private readonly DaemonProcess _daemon;
    private readonly AgentProcess _agent;
    private readonly TestAppProcess _app;

    public HostileStreamTests()
    {
        _daemon = new DaemonProcess(_host.Display, Path.Combine(_directory, "sockets"), "honest:blue", "evil:red");
        _agent = new AgentProcess(_honestX.Display, _daemon.SocketOf("honest"));
        _app = TestAppProcess.Start(_honestX.Display, "--geometry", "120x90+40+50", "--seed", "7", "--fps", "20", "--title", "honest");
    }

    public static TheoryData<string> Streams => ["corrupt-lz4", "lying-length", "bomb", "outside", "copy-outside", "flood"];

    public void Dispose()
    {
        _app.Dispose();
        _agent.Dispose();
        _daemon.Dispose();
        _honestX.Dispose();
        _host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public void AHostileStreamEndsItsQubeOnlyAndTheHonestQubeKeepsUpdating(string stream)
    {
        using var screen = new HostScreen(_host.Display);
        (_, XRect honest) = screen.WaitForWindow("[honest] honest");

        var import = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string word in (string[])[BuiltProgram.Path("Cli", "guivirt.dll"), "remote", "import", _daemon.SocketOf("evil")])
        {
            import.ArgumentList.Add(word);
        }

        using Process importer = Process.Start(import)!;
        Task<string> errors = importer.StandardError.ReadToEndAsync();
        _ = importer.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        try
        {
            importer.StandardInput.BaseStream.Write(Hostile(stream));
            importer.StandardInput.Close();
        }
        catch (IOException)
        {
            // the importer refused before reading all of it
        }

        Assert.True(importer.WaitForExit(20_000), "the importer did not end");
        string said = Finished(errors);
        string[] lines = said.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(importer.ExitCode != 0 && lines.Length == 1, $"exit {importer.ExitCode}, standard error:\n{said}\ndaemon log:\n{_daemon.Log}");
        if (stream != "flood")
        {
            // Refused by the importer itself, before the daemon saw anything wrong.
            Assert.Equal(3, importer.ExitCode);
            Assert.StartsWith("the remote stream was refused: ", lines[0], StringComparison.Ordinal);
        }

        // The daemon lives on, and the honest qube's app keeps drawing on the host.
        Assert.False(_daemon.HasExited, _daemon.Log);
        var inside = new XRect(honest.X + 2, honest.Y + 2, 120, 90);
        uint[] before = screen.Screenshot(inside);
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (screen.Screenshot(inside).SequenceEqual(before))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the honest qube stopped updating\n{_daemon.Log}");
            Thread.Sleep(50);
        }

        Assert.False(screen.HasWindow("[evil] evil"));
    }

    private static string Finished(Task<string> text) => text.Wait(10_000) ? text.Result : "(standard error still open)";

    private static byte[] Hostile(string stream)
    {
        var records = new MemoryStream();
        records.Write("GVR1"u8);
        byte[] hello = new byte[4];
        VersionHandshake.WriteAgentHello(hello, ProtocolVersion.Current);
        Record(records, 1, hello);
        byte[] create = new byte[MessageWriter.SizeOf<Create>()];
        MessageWriter.Write(create, new WindowId(Window), new Create(10, 10, 16, 16, false));
        switch (stream)
        {
            case "corrupt-lz4":
                Record(records, 2, create);
                Record(records, 3, U32(Window, 16, 16));
                byte[] garbage = new byte[300];
                new Random(3).NextBytes(garbage);
                garbage[0] = 0xF0;
                Record(records, 4, [.. U32(Window, 1, 0, 0, 16, 16), .. garbage]);
                break;
            case "lying-length":
                Record(records, 2, create);
                records.Write(U32(3, 1000)); // a DUMP is 12 bytes
                records.Write(new byte[1000]);
                break;
            case "bomb":
                Record(records, 2, create);
                Record(records, 3, U32(Window, 16, 16));
                byte[] zeros = new byte[4 << 20], bomb = new byte[LZ4Codec.MaximumOutputSize(zeros.Length)];
                Record(records, 4, [.. U32(Window, 1, 0, 0, 16, 16), .. bomb.AsSpan(0, LZ4Codec.Encode(zeros, bomb)).ToArray()]);
                break;
            case "outside":
                Record(records, 2, create);
                Record(records, 3, U32(Window, 16, 16));
                byte[] pixels = new byte[17 * 16 * 4], block = new byte[LZ4Codec.MaximumOutputSize(pixels.Length)];
                Record(records, 4, [.. U32(Window, 1, 0, 0, 17, 16), .. block.AsSpan(0, LZ4Codec.Encode(pixels, block)).ToArray()]);
                break;
            case "copy-outside":
                Record(records, 2, create);
                Record(records, 3, U32(Window, 16, 16));
                Record(records, 6, U32(Window, 0, 8, 16, 8, unchecked((uint)int.MinValue))); // y + dy wraps in 32 bits
                break;
            default: // a flood of windows and buffers
                for (uint window = 1; window <= 2000; window++)
                {
                    MessageWriter.Write(create, new WindowId(window), new Create(0, 0, 64, 64, false));
                    Record(records, 2, create);
                    Record(records, 3, U32(window, 4096, 4096));
                }

                break;
        }

        return records.ToArray();
    }

    private static void Record(Stream stream, uint kind, ReadOnlySpan<byte> payload)
    {
        stream.Write(U32(kind, (uint)payload.Length));
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
