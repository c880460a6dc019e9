using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SocketAnalyzers.TestSupport;

/// <summary>
/// Reference assemblies for compilations that tests build by hand (the analyzer and code-fix tests get theirs from
/// Microsoft.CodeAnalysis.Testing). Nothing here is downloaded at test time.
/// </summary>
public static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_net100 =
        new(() => Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToImmutableArray());

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_netStandard20 = new(LoadNetStandard20);

    /// <summary>.NET 10 (Basic.Reference.Assemblies.Net100).</summary>
    public static ImmutableArray<MetadataReference> Net100 => s_net100.Value;

    /// <summary>.NET Standard 2.0 (NETStandard.Library 2.0.3, copied to <c>refs/netstandard2.0</c> by this project's build).</summary>
    public static ImmutableArray<MetadataReference> NetStandard20 => s_netStandard20.Value;

    private static ImmutableArray<MetadataReference> LoadNetStandard20()
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "refs", "netstandard2.0");
        string[] files = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.dll").OrderBy(f => f, StringComparer.Ordinal).ToArray()
            : Array.Empty<string>();
        if (files.Length == 0)
        {
            throw new InvalidOperationException(
                $"No netstandard2.0 reference assemblies in '{directory}'. They are copied there by the build of " +
                "SocketAnalyzers.TestSupport; rebuild the test project.");
        }

        return files.Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
    }
}
