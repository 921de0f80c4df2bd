using GuiVirt.TestApp;

// Wiring only: parse, connect, run one mode. See Options.Usage for the command line.
Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"GuiVirt.TestApp: {error.Message}");
    Console.Error.Write(Options.Usage);
    return 2;
}
if (options.Help)
{
    Console.Out.Write(Options.Usage);
    return 0;
}

using var log = EventLog.Open(options.LogPath, stdoutIsData: options.ClipboardGet);
using var stop = new StopSignal();
using XConnection? x = XConnection.Open(options.Display, log);
if (x is null)
{
    log.Line($"exit cannot open display {options.Display ?? Environment.GetEnvironmentVariable("DISPLAY")}");
    return 1;
}
if (options.ClipboardGet)
{
    return ClipboardReader.Run(x, log);
}
if (options.ClipboardSet is string text)
{
    return new ClipboardOwner(x, text, log, stop).Run();
}
return new PatternApp(x, options, log, stop).Run();
