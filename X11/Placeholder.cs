namespace GuiVirt.X11; internal static class Placeholder {}
