using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers.Cli;

/// <summary>The analyzers of the assembly the package ships (carried by this tool), and the rules they report.</summary>
internal sealed class ShippedAnalyzers
{
    private ShippedAnalyzers(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        Analyzers = analyzers;
        Rules = analyzers
            .SelectMany(analyzer => analyzer.SupportedDiagnostics)
            .Where(descriptor => IsRuleId(descriptor.Id))
            .GroupBy(descriptor => descriptor.Id, StringComparer.Ordinal)
            .Select(group => group.First())
            .OrderBy(descriptor => descriptor.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    public ImmutableArray<DiagnosticDescriptor> Rules { get; }

    public static ShippedAnalyzers Load() => Load(typeof(RuleIds).Assembly);

    public static ShippedAnalyzers Load(Assembly analyzerAssembly)
    {
        var analyzers = analyzerAssembly.GetTypes()
            .Where(type => !type.IsAbstract
                && typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
                && type.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(attribute => attribute.Languages.Contains(LanguageNames.CSharp)))
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();
        return new ShippedAnalyzers(analyzers);
    }

    public static bool IsRuleId(string id) => id.StartsWith("SOCK", StringComparison.Ordinal);

    /// <summary>
    /// The compilation-wide severities that make the selected rules run: an off-by-default rule that was asked for
    /// (by <c>--all</c> or by name in <c>--rules</c>) becomes a warning unless the project already sets it;
    /// a rule left out of <c>--rules</c> is turned off. An .editorconfig setting still wins, as in a build.
    /// </summary>
    public ImmutableDictionary<string, ReportDiagnostic> SeverityOverrides(
        ImmutableDictionary<string, ReportDiagnostic> existing,
        IReadOnlySet<string>? selectedRules,
        bool allRules)
    {
        var overrides = existing.ToBuilder();
        foreach (DiagnosticDescriptor rule in Rules)
        {
            bool selected = selectedRules is null || selectedRules.Contains(rule.Id);
            if (!selected)
            {
                overrides[rule.Id] = ReportDiagnostic.Suppress;
            }
            else if (!rule.IsEnabledByDefault && (allRules || selectedRules is not null) && !existing.ContainsKey(rule.Id))
            {
                overrides[rule.Id] = ReportDiagnostic.Warn;
            }
        }

        return overrides.ToImmutable();
    }

    public IReadOnlyList<RuleDescription> Describe() => Rules
        .Select(rule => new RuleDescription(
            rule.Id,
            rule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture),
            rule.DefaultSeverity.ToString(),
            rule.IsEnabledByDefault,
            rule.HelpLinkUri))
        .ToList();
}
