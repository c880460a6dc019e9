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
    public static AnalyzerSet Ours() => Ours(typeof(RuleIds).Assembly);

    /// <summary>The same, from another build of the package's assembly (<c>--analyzer-assembly</c>).</summary>
    public static AnalyzerSet Ours(Assembly assembly)
    {
        var analyzers = assembly.GetTypes()
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

    /// <summary>The do-nothing analyzer: the floor of any operation-based analyzer in a document-scoped analysis.</summary>
    public static AnalyzerSet Floor() => new("floor", ImmutableArray.Create<DiagnosticAnalyzer>(new DoNothingAnalyzer()), ImmutableArray.Create(DoNothingAnalyzer.Id), "one operation action that returns");

    /// <summary>
    /// Another build of SocketAnalyzers.dll, in a load context of its own (the referenced build is already loaded
    /// in the default one under the same name); Roslyn and the framework still come from the default context.
    /// </summary>
    public static Assembly LoadAnalyzerAssembly(string path)
    {
        var context = new System.Runtime.Loader.AssemblyLoadContext("analyzer-assembly " + path);
        return context.LoadFromAssemblyPath(Path.GetFullPath(path));
    }

    /// <summary>Where an analyzer assembly came from, to say which build was measured.</summary>
    public static string Describe(Assembly assembly) =>
        $"{(string.IsNullOrEmpty(assembly.Location) ? "(no file)" : assembly.Location)}, version " +
        (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "?") +
        (string.IsNullOrEmpty(assembly.Location) ? string.Empty : $", built {File.GetLastWriteTimeUtc(assembly.Location):yyyy-MM-dd HH:mm} UTC");

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

/// <summary>
/// Registers one operation action that returns: what every operation-based analyzer costs before doing anything.
/// Created directly by the benchmark, never loaded by a compiler (hence no [DiagnosticAnalyzer] attribute).
/// </summary>
#pragma warning disable RS1001
internal sealed class DoNothingAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
{
    public const string Id = "FLOOR01";

    // Enabled: the driver skips an analyzer whose every diagnostic is off. Never shipped, so no release tracking.
#pragma warning disable RS2008
    private static readonly DiagnosticDescriptor Rule = new(Id, "Nothing", "Nothing", "Performance", DiagnosticSeverity.Warning, isEnabledByDefault: true);
#pragma warning restore RS2008

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
    }
}
