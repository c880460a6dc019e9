using System.Reflection;

namespace SocketAnalyzers.Cli;

internal static class ToolVersion
{
    /// <summary>The package version (from Directory.Build.props), without the source revision the SDK appends.</summary>
    public static string Text { get; } =
        (typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];
}
