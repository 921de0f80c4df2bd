using System.Text.Json;
using GuiVirt.GuiDaemon.Control;
using GuiVirt.X11;

namespace GuiVirt.Cli;

/// <summary>
/// The commands that ask the running daemon (run, copy, ls, stop, clipboard) and the screenshot;
/// their options are parsed in <see cref="CommandTree"/>. Each returns the exit code: 0 success,
/// 1 failure (or the daemon's own code: 127, 126, the command's with --wait).
/// </summary>
internal static class ControlCommands
{
    /// <summary>The fields of `guivirt ls --json`, for its help and the man page. Scripts rely on them: add, never rename.</summary>
    public const string JsonDescription = """one object, {"qubes": [...]}, with one object per qube: "name" (string), "label" (red, orange, yellow, green, gray, blue, purple or black), "state" (running or stopped), "windows" (number of windows shown), "kind" (persistent or disposable), "network" (none or user), "limits" (a sentence: what the kernel enforces, or that it does not). New fields may be added; none is renamed or removed.""";

    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs <paramref name="command"/> in <paramref name="qube"/>, or in a new disposable when it is
    /// null (the daemon names it: the answer says which). With --wait the answer comes when the
    /// command ends, however long it runs.
    /// </summary>
    public static int Run(string runtime, string? qube, string? label, string? network, bool wait, string[] command, string? host = null) =>
        Report(ControlClient.Send(
            runtime,
            new ControlRequest("run", qube, label, command, wait, Disposable: qube is null, Network: network, Host: host),
            wait ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(60)));

    /// <summary>A copy takes as long as its files do: the daemon gives up on a qube that stalls, not on a large file.</summary>
    public static int Copy(string runtime, string source, string[] paths, string target) =>
        Report(ControlClient.Send(runtime, new ControlRequest("copy", source, Arguments: paths, Target: target), Timeout.InfiniteTimeSpan));

    /// <summary>SOURCE:PATH arguments, all from one qube; null when that is not what was given.</summary>
    public static (string Source, string[] Paths)? SplitSources(string[] sources)
    {
        if (sources.Length == 0)
        {
            return null;
        }

        string? qube = null;
        var paths = new List<string>();
        foreach (string argument in sources)
        {
            int colon = argument.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == argument.Length - 1 || (qube is not null && argument[..colon] != qube))
            {
                return null;
            }

            qube = argument[..colon];
            paths.Add(argument[(colon + 1)..]);
        }

        return (qube!, [.. paths]);
    }

    public static int List(string runtime, bool json)
    {
        ControlResponse response = ControlClient.Send(runtime, new ControlRequest("ls"), AnswerTimeout);
        if (!response.Ok)
        {
            return Report(response);
        }

        IReadOnlyList<QubeStatus> qubes = response.Qubes ?? [];
        if (json)
        {
            WriteJson(qubes, Console.OpenStandardOutput());
            return 0;
        }

        Console.WriteLine($"{"QUBE",-20} {"LABEL",-8} {"STATE",-10} {"WINDOWS",-8} {"KIND",-11} {"NETWORK",-8} LIMITS");
        foreach (QubeStatus qube in qubes)
        {
            Console.WriteLine($"{qube.Name,-20} {qube.Label,-8} {qube.State,-10} {qube.Windows,-8} {Kind(qube),-11} {qube.Network ?? "none",-8} {qube.Limits}");
        }

        return 0;
    }

    /// <summary>
    /// `ls --json`, written field by field (no reflection: NativeAOT), as <see cref="JsonDescription"/>
    /// says, compact, on one line.
    /// </summary>
    public static void WriteJson(IReadOnlyList<QubeStatus> qubes, Stream output)
    {
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteStartArray("qubes");
            foreach (QubeStatus qube in qubes)
            {
                json.WriteStartObject();
                json.WriteString("name", qube.Name);
                json.WriteString("label", qube.Label);
                json.WriteString("state", qube.State);
                json.WriteNumber("windows", qube.Windows);
                json.WriteString("kind", Kind(qube));
                json.WriteString("network", qube.Network ?? "none");
                json.WriteString("limits", qube.Limits ?? "");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
        output.Flush();
    }

    public static int Stop(string runtime, string qube) =>
        Report(ControlClient.Send(runtime, new ControlRequest("stop", qube), AnswerTimeout));

    public static int Clipboard(string runtime, bool clear) =>
        Report(ControlClient.Send(runtime, new ControlRequest(clear ? "clipboard-clear" : "clipboard"), AnswerTimeout));

    public static int TakeScreenshot(string file, string? display)
    {
        using XDisplay host = XDisplay.Open(display);
        Screenshot.Save(host, file);
        Console.WriteLine($"wrote {file} ({host.Width}x{host.Height})");
        return 0;
    }

    /// <summary>Prints the daemon's answer; its exit code where it has one (127 not found, 126 not executable, the command's own with --wait).</summary>
    private static int Report(ControlResponse response)
    {
        if (!response.Ok)
        {
            Console.Error.WriteLine($"guivirt: {response.Message}");
            return response.ExitCode is { } code and not 0 ? code : 1;
        }

        Console.WriteLine(response.Message);
        return response.ExitCode ?? 0;
    }

    private static string Kind(QubeStatus qube) => qube.Disposable ? "disposable" : "persistent";
}
