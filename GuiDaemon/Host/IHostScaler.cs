namespace GuiVirt.GuiDaemon.Host;

/// <summary>A grant's scaled showing in one window, made by <see cref="IHostDisplay.CreateScaler"/>.</summary>
internal interface IHostScaler : IDisposable
{
}
