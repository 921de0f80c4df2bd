using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using GuiVirt.Headless;
using GuiVirt.SharedMemory.Grants;
using GuiVirt.X11;

namespace GuiVirt.CaptureBench;

/// <summary>
/// Times the agent's capture path (XCopyArea from a redirected window into an MIT-SHM pixmap over a
/// sealed memfd grant, then one XSync) next to the limits it is bound by (a native memcpy of a frame,
/// one X round trip) and next to XGetImage, which carries the pixels through the socket instead.
/// The machine is shared and small, so only ratios measured in the same run mean anything: every
/// case runs in each of many interleaved rounds, so drift in the machine's load hits all of them alike.
/// </summary>
internal static unsafe class Program
{
    private const int Width = 1920;
    private const int Height = 1080;
    private const int FrameBytes = Width * Height * 4;
    private const int Rounds = 20;
    private const int BatchSize = 30;
    private const int CellWidth = 10;
    private const int CellHeight = 20;
    private const string Command = "dotnet run -c Release --project bench/CaptureBench";

    private static int Main()
    {
        using var xvfb = new XvfbServer(Width, Height, firstDisplay: 300);
        Console.WriteLine($"Xvfb {xvfb.Display} started (pid {xvfb.ProcessId})");
        using XDisplay display = XDisplay.Open(xvfb.Display);
        display.RequireCaptureExtensions();
        // As the agent does: windows live in off-screen pixmaps, which is what CopyArea reads.
        if (!display.TryRedirectSubwindows())
        {
            throw new XException("another client already redirects the root's subwindows");
        }

        int depth = display.Depth;
        XWindow window = CreatePatternWindow(display);
        var full = new XRect(0, 0, Width, Height);

        // The grant exactly as WindowGrant.Allocate makes it.
        using IAgentGrant grant = new MemfdGrantAllocator().Allocate(FrameBytes);
        ShmSegment segment = display.AttachShm(grant.ShareHandle, readOnly: false);
        XPixmap pixmap = display.CreateShmPixmap(Width, Height, depth, segment);

        string check = VerifyCopy(display, window, pixmap, depth, grant, full);
        Console.WriteLine(check);

        byte* source = (byte*)NativeMemory.AlignedAlloc(FrameBytes, 64);
        byte* target = (byte*)NativeMemory.AlignedAlloc(FrameBytes, 64);
        try
        {
            // Touch every page now, so no case pays for first-touch page faults.
            NativeMemory.Fill(source, FrameBytes, 0x5A);
            NativeMemory.Fill(target, FrameBytes, 0);

            // Small rectangles walk the window like a cursor typing, so no two copies in a row hit
            // the same spot (the cost does not depend on it, but it keeps the test honest).
            int cell = 0;
            XRect NextCell()
            {
                int columns = Width / CellWidth, rows = Height / CellHeight;
                int index = cell++ % (columns * rows);
                return new XRect(index % columns * CellWidth, index / columns * CellHeight, CellWidth, CellHeight);
            }

            Case memcpy = new("memcpy 1920x1080x4 B, native to native (baseline)", 50, () => NativeMemory.Copy(source, target, FrameBytes));
            Case roundTrip = new("X round trip: Sync() with nothing queued (baseline)", 250, display.Sync);
            Case[] cases =
            [
                memcpy,
                roundTrip,
                new("GuiVirt full frame: CopyArea 1920x1080 + Sync()", 50, () =>
                {
                    display.CopyArea(window, pixmap, depth, full);
                    display.Sync();
                }),
                new("GuiVirt small rect: CopyArea 10x20 + Sync()", 250, () =>
                {
                    display.CopyArea(window, pixmap, depth, NextCell());
                    display.Sync();
                }),
                new($"GuiVirt batch: {BatchSize} x CopyArea 10x20 + one Sync()", 100, () =>
                {
                    for (int i = 0; i < BatchSize; i++)
                    {
                        display.CopyArea(window, pixmap, depth, NextCell());
                    }

                    display.Sync();
                }),
                new("XGetImage full frame (TryGetImage, through the socket)", 10, () => _ = display.TryGetImage(window, full) ?? throw new XException("XGetImage failed")),
            ];

            using ErrorTrap trap = display.TrapErrors();
            Run(cases);
            if (trap.Failed())
            {
                throw new XException($"X error {trap.ErrorCode} (request {trap.RequestCode}) during the measurement");
            }

            string report = Report(cases, memcpy, roundTrip, check);
            Console.WriteLine();
            Console.WriteLine(report);
            string path = ResultsPath();
            File.WriteAllText(path, report);
            Console.WriteLine($"written to {Path.GetRelativePath(Directory.GetCurrentDirectory(), path)}");
        }
        finally
        {
            NativeMemory.AlignedFree(source);
            NativeMemory.AlignedFree(target);
            display.FreePixmap(pixmap);
            display.DetachShm(segment);
        }

        return 0;
    }

    /// <summary>
    /// A full-screen window with a grid of coloured children, each with a grandchild: enough
    /// structure that the correctness check compares real content, not one flat colour.
    /// (XPutImage is not in the public API; window backgrounds are, and the copy cost does not
    /// depend on what the pixels are.)
    /// </summary>
    private static XWindow CreatePatternWindow(XDisplay display)
    {
        XWindow window = display.CreateWindow(display.Root, new XRect(0, 0, Width, Height), background: 0x202830);
        const int Tile = 120;
        for (int y = 0; y < Height / Tile; y++)
        {
            for (int x = 0; x < Width / Tile; x++)
            {
                uint colour = (uint)((x * 16 + y) * 2654435761u) & 0xFFFFFF;
                XWindow tile = display.CreateWindow(window, new XRect(x * Tile + 4, y * Tile + 4, Tile - 8, Tile - 8), background: colour);
                XWindow inner = display.CreateWindow(tile, new XRect(10 + x, 10 + y, 50, 30), background: ~colour & 0xFFFFFF);
                display.Map(inner);
                display.Map(tile);
            }
        }

        display.Map(window);
        display.Sync();
        return window;
    }

    /// <summary>Fills the grant with junk, copies the whole window into it, and compares with XGetImage.</summary>
    private static string VerifyCopy(XDisplay display, XWindow window, XPixmap pixmap, int depth, IAgentGrant grant, XRect full)
    {
        var shared = new Span<byte>((void*)grant.Address, FrameBytes);
        shared.Fill(0xAA);
        display.CopyArea(window, pixmap, depth, full);
        display.Sync();
        byte[] image = display.TryGetImage(window, full) ?? throw new XException("XGetImage of the test window failed");

        // BGRX in little-endian words: the top byte is padding, undefined at depth 24.
        ReadOnlySpan<uint> copied = MemoryMarshal.Cast<byte, uint>(shared);
        ReadOnlySpan<uint> expected = MemoryMarshal.Cast<byte, uint>(image);
        int differing = 0, padDiffering = 0;
        var colours = new HashSet<uint>();
        for (int i = 0; i < copied.Length; i++)
        {
            differing += ((copied[i] ^ expected[i]) & 0xFFFFFF) != 0 ? 1 : 0;
            padDiffering += (copied[i] >> 24) != (expected[i] >> 24) ? 1 : 0;
            colours.Add(expected[i] & 0xFFFFFF);
        }

        string verdict = differing == 0 ? "PASS" : "FAIL";
        return $"Correctness ({verdict}): after CopyArea of the full window + Sync(), {differing} of {copied.Length} pixels in the grant differ from " +
            $"XGetImage's (pad byte masked; {padDiffering} pad bytes differ); the window has {colours.Count} distinct colours.";
    }

    /// <summary>One warm-up round, then <see cref="Rounds"/> rounds in which every case runs its share,
    /// starting with a different case each round so none always follows the same neighbour.</summary>
    private static void Run(Case[] cases)
    {
        foreach (Case c in cases)
        {
            c.Measure(record: false);
        }

        for (int round = 0; round < Rounds; round++)
        {
            for (int k = 0; k < cases.Length; k++)
            {
                cases[(round + k) % cases.Length].Measure(record: true);
            }
        }
    }

    private static string Report(Case[] cases, Case memcpy, Case roundTrip, string check)
    {
        double memcpyP50 = memcpy.Percentile(0.50), tripP50 = roundTrip.Percentile(0.50);
        var text = new StringBuilder();
        text.AppendLine("# Capture benchmark").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"- Date (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}")
            .AppendLine(CultureInfo.InvariantCulture, $"- Command: `{Command}`")
            .AppendLine(CultureInfo.InvariantCulture, $"- nproc: {Environment.ProcessorCount}")
            .AppendLine(CultureInfo.InvariantCulture, $"- CPU: {CpuModel()}")
            .AppendLine(CultureInfo.InvariantCulture, $"- Runtime: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}")
            .AppendLine(CultureInfo.InvariantCulture, $"- X server: private Xvfb, 1920x1080x24; window redirected with Composite, grant a sealed memfd attached with MIT-SHM")
            .AppendLine(CultureInfo.InvariantCulture, $"- Method: one warm-up round, then {Rounds} interleaved rounds; each sample is one iteration timed with Stopwatch")
            .AppendLine(CultureInfo.InvariantCulture, $"- {check}")
            .AppendLine()
            .AppendLine("Times in microseconds. Ratios are p50 over the baseline's p50 from the same run; on a shared 2-core")
            .AppendLine("machine the ratios are the result, the absolute times only describe this run.")
            .AppendLine()
            .AppendLine("| Case | n | mean µs | p50 µs | p99 µs | p50 / memcpy | p50 / round trip |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (Case c in cases)
        {
            AppendRow(text, c.Name, c, 1, memcpyP50, tripP50);
            if (c.Name.StartsWith("GuiVirt batch", StringComparison.Ordinal))
            {
                AppendRow(text, $"  … per rectangle (batch / {BatchSize})", c, BatchSize, memcpyP50, tripP50);
            }
        }

        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string name, Case c, int divisor, double memcpyP50, double tripP50)
    {
        double p50 = c.Percentile(0.50) / divisor;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {c.Count} | {c.Mean / divisor:F1} | {p50:F1} | {c.Percentile(0.99) / divisor:F1} | {p50 / memcpyP50:F3} | {p50 / tripP50:F2} |");
    }

    private static string CpuModel()
    {
        string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    /// <summary>bench/results/capture.md of the checkout this is run from (found by GuiVirt.sln above the working directory or the binary).</summary>
    private static string ResultsPath()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GuiVirt.sln")))
                {
                    string results = Path.Combine(dir.FullName, "bench", "results");
                    Directory.CreateDirectory(results);
                    return Path.Combine(results, "capture.md");
                }
            }
        }

        throw new DirectoryNotFoundException("run from inside the GuiVirt checkout: GuiVirt.sln not found");
    }

    /// <summary>One measured operation. Samples are preallocated so recording allocates nothing.</summary>
    private sealed class Case(string name, int perRound, Action body)
    {
        private readonly double[] _samples = new double[perRound * Rounds];

        public string Name { get; } = name;
        public int Count { get; private set; }
        public double Mean => _samples.AsSpan(0, Count).ToArray().Average();

        public void Measure(bool record)
        {
            for (int i = 0; i < perRound; i++)
            {
                long start = Stopwatch.GetTimestamp();
                body();
                double micros = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                if (record)
                {
                    _samples[Count++] = micros;
                }
            }
        }

        /// <summary>Nearest-rank percentile.</summary>
        public double Percentile(double p)
        {
            double[] sorted = _samples.AsSpan(0, Count).ToArray();
            Array.Sort(sorted);
            return sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
        }
    }
}
