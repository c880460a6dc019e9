using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace SocketAnalyzers.Testing;

/// <summary>
/// The reference assemblies a test compilation is compiled against. They are copied by this library's
/// build into <c>refs/&lt;tfm&gt;/</c> next to the test assembly (see SocketAnalyzers.Testing.csproj),
/// so nothing depends on a machine path or on the runtime the tests happen to run on.
/// </summary>
public sealed class ReferenceAssemblies
{
    private readonly Lazy<ImmutableArray<MetadataReference>> references;

    private ReferenceAssemblies(string targetFramework)
    {
        TargetFramework = targetFramework;
        references = new Lazy<ImmutableArray<MetadataReference>>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>.NET 10 (the Microsoft.NETCore.App targeting pack of the SDK that built the tests).</summary>
    public static ReferenceAssemblies Net100 { get; } = new("net10.0");

    /// <summary>.NET Standard 2.0 (NETStandard.Library 2.0.3): no Span-based or ValueTask socket APIs.</summary>
    public static ReferenceAssemblies NetStandard20 { get; } = new("netstandard2.0");

    public string TargetFramework { get; }

    public string Directory => Path.Combine(AppContext.BaseDirectory, "refs", TargetFramework);

    public ImmutableArray<MetadataReference> References => references.Value;

    public override string ToString() => TargetFramework;

    private ImmutableArray<MetadataReference> Load()
    {
        string directory = Directory;
        string[] files = System.IO.Directory.Exists(directory)
            ? System.IO.Directory.GetFiles(directory, "*.dll").OrderBy(f => f, StringComparer.Ordinal).ToArray()
            : Array.Empty<string>();
        if (files.Length == 0)
        {
            throw new InvalidOperationException(
                $"No reference assemblies for {TargetFramework} in '{directory}'. They are copied there by the build " +
                "of SocketAnalyzers.Testing; rebuild the test project.");
        }

        return files.Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
    }

    /// <summary>Same names as Microsoft.CodeAnalysis.Testing (<c>ReferenceAssemblies.Net.Net100</c>).</summary>
    public static class Net
    {
        public static ReferenceAssemblies Net100 => ReferenceAssemblies.Net100;
    }

    /// <summary>Same names as Microsoft.CodeAnalysis.Testing (<c>ReferenceAssemblies.NetStandard.NetStandard20</c>).</summary>
    public static class NetStandard
    {
        public static ReferenceAssemblies NetStandard20 => ReferenceAssemblies.NetStandard20;
    }
}
