using System.Text.Json.Serialization;

namespace GuiVirt.GuiDaemon.Control;

/// <summary>
/// One request of the command line to the running daemon (one JSON line). <paramref name="Wait"/>
/// (run only): answer when the command has ended, with its exit status, instead of when it started.
/// <paramref name="Disposable"/> (run only, with no <paramref name="Qube"/>): run the command in a
/// fresh disposable qube the daemon names, destroyed when it is over.
/// <paramref name="Network"/> (run only): the network of a qube this run creates, "none" or "user".
/// <paramref name="Host"/> (run only): [USER@]HOST[:PORT] of a remote qube (docs/remote.md).
/// <paramref name="Target"/> (copy only): the qube the files go to; <paramref name="Qube"/> is then
/// the source and <paramref name="Arguments"/> the paths in it.
/// </summary>
public sealed record ControlRequest(string Command, string? Qube = null, string? Label = null, IReadOnlyList<string>? Arguments = null, bool Wait = false, bool Disposable = false, string? Target = null, string? Network = null, string? Host = null);

/// <summary>
/// The daemon's answer (one JSON line). <paramref name="ExitCode"/>: what `guivirt run` exits with
/// when the daemon knows better than 0 or 1 (127 not found, 126 not executable, the command's own
/// status with --wait). <paramref name="Log"/>: the qube's command log (`guivirt logs`).
/// </summary>
public sealed record ControlResponse(bool Ok, string Message, IReadOnlyList<QubeStatus>? Qubes = null, int? ExitCode = null, string? Log = null);

/// <summary>
/// One line of `guivirt ls`; <paramref name="Limits"/> says what the kernel enforces for the qube (or
/// that it does not); <paramref name="Disposable"/>: a disposable qube, destroyed when it is over;
/// <paramref name="Network"/> is "none" or "user".
/// </summary>
public sealed record QubeStatus(string Name, string Label, string State, int Windows, string? Limits = null, bool Disposable = false, string? Network = null);

/// <summary>Source-generated JSON for the control socket (no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlResponse))]
public sealed partial class ControlJson : JsonSerializerContext;
