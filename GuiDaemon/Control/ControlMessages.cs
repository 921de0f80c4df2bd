using System.Text.Json.Serialization;

namespace GuiVirt.GuiDaemon.Control;

/// <summary>One request of the command line to the running daemon (one JSON line).</summary>
public sealed record ControlRequest(string Command, string? Qube = null, string? Label = null, IReadOnlyList<string>? Arguments = null);

/// <summary>The daemon's answer (one JSON line).</summary>
public sealed record ControlResponse(bool Ok, string Message, IReadOnlyList<QubeStatus>? Qubes = null);

/// <summary>One line of `guivirt ls`.</summary>
public sealed record QubeStatus(string Name, string Label, string State, int Windows);

/// <summary>Source-generated JSON for the control socket (no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlResponse))]
public sealed partial class ControlJson : JsonSerializerContext;
