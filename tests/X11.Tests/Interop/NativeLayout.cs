using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GuiVirt.X11.Tests.Interop;

/// <summary>
/// Asks the C compiler: writes a C file that prints sizeof and offsetof for the structs and
/// members asked about, compiles it against the system's X11/xcb headers with cc and runs it.
/// </summary>
internal static class NativeLayout
{
    private const string Headers = """
        #include <stddef.h>
        #include <stdio.h>
        #include <X11/Xlib.h>
        #include <X11/Xutil.h>
        #include <X11/extensions/XShm.h>
        #include <X11/XKBlib.h>
        #include <X11/extensions/Xrandr.h>
        #include <X11/extensions/Xinerama.h>
        #include <X11/extensions/Xrender.h>
        #include <X11/extensions/Xdamage.h>
        #include <X11/extensions/Xfixes.h>
        #include <X11/extensions/Xrender.h>
        #include <xcb/xcb.h>
        """;

    /// <summary>Keys "size S", "offset S m" and "width S m" (the member's own sizeof) to values.</summary>
    public static Dictionary<string, long> Measure(IEnumerable<string> structs, IEnumerable<(string CStruct, string Member)> members)
    {
        var c = new StringBuilder(Headers).AppendLine();
        c.AppendLine("int main(void) {");
        foreach (string s in structs.Distinct())
        {
            c.AppendLine(CultureInfo.InvariantCulture, $"  printf(\"size {s}=%zu\\n\", sizeof({s}));");
        }
        foreach ((string s, string m) in members.Distinct())
        {
            c.AppendLine(CultureInfo.InvariantCulture, $"  printf(\"offset {s} {m}=%zu\\n\", offsetof({s}, {m}));");
            c.AppendLine(CultureInfo.InvariantCulture, $"  printf(\"width {s} {m}=%zu\\n\", sizeof((({s} *)0)->{m}));");
        }
        c.AppendLine("  return 0;\n}");

        DirectoryInfo directory = Directory.CreateTempSubdirectory("guivirt-layout-");
        try
        {
            string source = Path.Combine(directory.FullName, "layout.c");
            string program = Path.Combine(directory.FullName, "layout");
            File.WriteAllText(source, c.ToString());
            Run("cc", ["-std=c11", "-o", program, source]);
            string output = Run(program, []);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('='))
                .ToDictionary(pair => pair[0], pair => long.Parse(pair[1], CultureInfo.InvariantCulture));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Run(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new TimeoutException($"{file} did not finish");
        }
        if (process.ExitCode != 0)
        {
            // Missing headers show up here: see the -dev packages listed in XStructLayoutTests.
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}):\n{errors.Result}\n{PackagesHint}");
        }
        return output;
    }

    private const string PackagesHint = "The headers come from libx11-dev libxext-dev libxdamage-dev libxfixes-dev libxcb1-dev libxcb-shm0-dev.";
}
