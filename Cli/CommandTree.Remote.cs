using System.CommandLine;
using System.Globalization;
using GuiVirt.Cli.Remote;
using GuiVirt.GuiDaemon.Remote;

namespace GuiVirt.Cli;

internal sealed partial class CommandTree
{
    /// <summary>The hidden `guivirt remote` commands (docs/remote.md): what ssh runs on the far machine, and the host's importer.</summary>
    private static Command RemoteCommand()
    {
        var screen = new Option<string>("--screen") { HelpName = "WxH", Description = "the size of the qube's screen", DefaultValueFactory = _ => "1920x1080" };
        // What the host's configuration says of the qube that only this machine can apply (FarQubeSettings).
        var network = new Option<string>(FarQubeSettings.NetworkOption) { HelpName = "none|user", Description = "the qube's network" };
        var memory = new Option<int?>(FarQubeSettings.MemoryOption) { HelpName = "MIB", Description = "memory of all the qube's processes" };
        var pids = new Option<int?>(FarQubeSettings.PidsOption) { HelpName = "N", Description = "processes and threads of the qube" };
        var weight = new Option<int?>(FarQubeSettings.CpuWeightOption) { HelpName = "N", Description = "the qube's CPU weight (100: an ordinary process group's)" };
        var tmp = new Option<int?>(FarQubeSettings.TmpOption) { HelpName = "MIB", Description = "size of the qube's /tmp and /dev/shm" };
        var scale = new Option<int?>(FarQubeSettings.ScaleOption) { HelpName = "100|125|150|200", Description = "the density the qube's apps render at" };
        Option[] settings = [screen, network, memory, pids, weight, tmp, scale];

        // The far side's options, checked: a wrong one is an error naming it, never a default.
        int WithSettings(ParseResult parsed, Func<(int Width, int Height), FarQubeSettings, int> action)
        {
            string size = parsed.GetValue(screen)!;
            if (!(size.Split('x') is [var w, var h]
                && int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out int width) && width is >= 16 and <= 16384
                && int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out int height) && height is >= 16 and <= 16384))
            {
                return RemoteCommands.UsageError($"--screen must be WxH, each 16 to 16384, not '{size}'");
            }

            FarQubeSettings? chosen = FarQubeSettings.TryCreate(parsed.GetValue(network), parsed.GetValue(memory), parsed.GetValue(pids), parsed.GetValue(weight), parsed.GetValue(tmp), parsed.GetValue(scale), out string? problem);
            return chosen is null ? RemoteCommands.UsageError(problem!) : action((width, height), chosen);
        }

        var serveQube = new Argument<string>(QubeValueName);
        var serve = new Command("serve", "The far side of a link: relays standard input and output to the qube's keeper, started first if the qube is not running.") { serveQube };
        var keepQube = new Argument<string>(QubeValueName);
        var keep = new Command("keep", "Holds the qube's sandbox and its exporter, one link at a time (started by serve).") { keepQube };
        foreach (Option option in settings)
        {
            serve.Add(option);
            keep.Add(option);
        }

        serve.SetAction(parsed => WithSettings(parsed, (size, chosen) => RemoteCommands.Serve(parsed.GetValue(serveQube)!, size, chosen)));
        keep.SetAction(parsed => WithSettings(parsed, (size, chosen) => RemoteCommands.Keep(parsed.GetValue(keepQube)!, size, chosen)));
        var runQube = new Argument<string>(QubeValueName);
        var runWords = new Argument<string[]>("CMD") { Arity = ArgumentArity.OneOrMore };
        var run = new Command("run", "Starts CMD in the far qube.") { runQube, runWords };
        run.SetAction(parsed => RemoteCommands.Run(parsed.GetValue(runQube)!, parsed.GetValue(runWords) ?? []));
        var stopQube = new Argument<string>(QubeValueName);
        var stop = new Command("stop", "Stops the far qube: every process in it, and its keeper.") { stopQube };
        stop.SetAction(parsed => RemoteCommands.Stop(parsed.GetValue(stopQube)!));
        var socket = new Argument<string>("SOCKET");
        var import = new Command("import", "The host side of a link, inside its sandbox: decodes the stream on standard input and is the qube's agent on SOCKET.") { socket };
        import.SetAction(parsed => RemoteCommands.Import(parsed.GetValue(socket)!));
        var remote = new Command("remote", "Remote qubes over ssh (internal: run by guivirt itself).") { Hidden = true };
        remote.Add(serve);
        remote.Add(keep);
        remote.Add(run);
        remote.Add(stop);
        remote.Add(import);
        return remote;
    }
}
