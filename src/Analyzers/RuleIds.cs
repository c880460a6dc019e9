using System.Linq;
using System.Reflection;

namespace SocketAnalyzers;

/// <summary>The rule identifiers, their category and where each rule's page lives.</summary>
public static class RuleIds
{
    public const string WriteAfterConnectionError = "SOCK001";
    public const string ConflatedPeerGoneCodes = "SOCK002";
    public const string SocketErrorByTextOrNumber = "SOCK003";
    public const string SocketExceptionCatchAroundStream = "SOCK004";
    public const string ConnectionNotClosed = "SOCK005";
    public const string ZeroByteReadNotEndOfStream = "SOCK006";
    public const string WriteAfterShutdown = "SOCK007";
    public const string CloseWithoutShutdown = "SOCK008";
    public const string AbortiveClose = "SOCK009";
    public const string AcceptSocketAfterFailedAccept = "SOCK010";

    public const string Category = "Reliability";

    /// <summary>
    /// The repository's address: the RepositoryUrl MSBuild property (Directory.Build.props), which also makes the
    /// package's RepositoryUrl and PackageProjectUrl. The build writes it into this assembly's metadata, so the
    /// help links cannot drift from the package's links.
    /// </summary>
    public static string RepositoryUrl { get; } = typeof(RuleIds).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "SocketAnalyzers.RepositoryUrl").Value!;

    /// <summary>The base address of the rule pages; each descriptor links to <c>docs/rules/ID.md</c> under it.</summary>
    public static string DocsBaseUri { get; } = RepositoryUrl + "/blob/main/docs/rules/";

    public static string HelpUri(string id) => DocsBaseUri + id + ".md";
}
