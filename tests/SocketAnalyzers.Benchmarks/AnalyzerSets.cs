using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers.Benchmarks;

/// <summary>A group of analyzers measured together, and the diagnostic IDs the benchmark turns on for it.</summary>
internal sealed record AnalyzerSet(string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers, ImmutableArray<string> EnabledIds, string Note);

internal static class AnalyzerSets
{
    public const string Ca2000Id = "CA2000";

    /// <summary>Every analyzer of the package; every rule on, SOCK009 (off by default) included: the worst case.</summary>
    public static AnalyzerSet Ours()
    {
        var analyzers = typeof(RuleIds).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();
        var ids = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct(StringComparer.Ordinal).ToImmutableArray();
        return new AnalyzerSet("SocketAnalyzers", analyzers, ids, $"{analyzers.Length} analyzers, every rule enabled (SOCK009 too)");
    }

    /// <summary>
    /// Only the analyzer type that owns CA2000 (DisposeObjectsBeforeLosingScope), with CA2000 raised to warning:
    /// it is off by default, and the other NetAnalyzers rules are not what is compared.
    /// </summary>
    public static AnalyzerSet Ca2000()
    {
        var all = Load("NetAnalyzers", "Microsoft.CodeAnalysis.NetAnalyzers.dll", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll");
        var owners = all.Where(a => a.SupportedDiagnostics.Any(d => d.Id == Ca2000Id)).ToImmutableArray();
        if (owners.IsEmpty)
        {
            throw new InvalidOperationException("No analyzer in Microsoft.CodeAnalysis.NetAnalyzers reports CA2000.");
        }

        string names = string.Join(", ", owners.Select(a => a.GetType().Name));
        return new AnalyzerSet("CA2000", owners, ImmutableArray.Create(Ca2000Id), $"{names} (Microsoft.CodeAnalysis.NetAnalyzers), CA2000 set to warning");
    }

    /// <summary>Every analyzer of IDisposableAnalyzers with its default severities.</summary>
    public static AnalyzerSet IDisposableAnalyzers()
    {
        var analyzers = Load("IDisposableAnalyzers", "IDisposableAnalyzers.dll");
        return new AnalyzerSet("IDisposableAnalyzers", analyzers, ImmutableArray<string>.Empty, $"{analyzers.Length} analyzers, default severities");
    }

    private static ImmutableArray<DiagnosticAnalyzer> Load(string package, params string[] files)
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "third-party", package);
        var loader = new LoadFromLoader();
        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        var failures = new List<string>();
        foreach (string file in files)
        {
            string path = Path.Combine(directory, file);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{file} is copied to {directory} by the build (PackageDownload of {package}); rebuild the benchmark.", path);
            }

            var reference = new AnalyzerFileReference(path, loader);
            reference.AnalyzerLoadFailed += (_, e) => failures.Add($"{e.TypeName}: {e.Message}");
            analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
        }

        if (analyzers.Count == 0)
        {
            throw new InvalidOperationException($"No analyzer loaded from {directory}:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
        }

        return analyzers.ToImmutable();
    }

    /// <summary>Loads analyzer assemblies into the default context, where the host's Roslyn already is.</summary>
    private sealed class LoadFromLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
