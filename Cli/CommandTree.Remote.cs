using System.CommandLine;
using GuiVirt.Cli.Remote;

namespace GuiVirt.Cli;

internal sealed partial class CommandTree
{
    /// <summary>The hidden `guivirt remote` commands (docs/remote.md): what ssh runs on the far machine, and the host's importer.</summary>
    private static Command RemoteCommand()
    {
        var screen = new Option<string>("--screen") { HelpName = "WxH", Description = "the size of the qube's screen", DefaultValueFactory = _ => "1920x1080" };
        (int Width, int Height) Screen(ParseResult parsed) =>
            parsed.GetValue(screen)!.Split('x') is [var w, var h] && int.TryParse(w, out int width) && int.TryParse(h, out int height) ? (width, height) : (1920, 1080);
        var serveQube = new Argument<string>(QubeValueName);
        var serve = new Command("serve", "The far side of a link: relays standard input and output to the qube's keeper, started first if the qube is not running.") { serveQube, screen };
        serve.SetAction(parsed => RemoteCommands.Serve(parsed.GetValue(serveQube)!, Screen(parsed).Width, Screen(parsed).Height));
        var keepQube = new Argument<string>(QubeValueName);
        var keep = new Command("keep", "Holds the qube's sandbox and its exporter, one link at a time (started by serve).") { keepQube, screen };
        keep.SetAction(parsed => RemoteCommands.Keep(parsed.GetValue(keepQube)!, Screen(parsed).Width, Screen(parsed).Height));
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
