using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace SocketAnalyzers.Tests.Meta;

/// <summary>
/// The severity presets the package ships (<c>&lt;SocketAnalyzersMode&gt;</c>): the one definition from which
/// the global config files in src/Package/buildTransitive/config and the preset table of docs/configuration.md
/// are generated (<see cref="SeverityPresetTests"/>). A new rule joins every preset by regenerating.
/// </summary>
internal static class SeverityPresets
{
    public const string Default = "default";

    public static ImmutableArray<string> Modes { get; } = ImmutableArray.Create("none", Default, "recommended", "all-warnings", "all-errors");

    /// <summary>
    /// What "recommended" sets above a rule's default, for code whose job is TCP: the close-without-shutdown
    /// check and deliberate abortive closes are worth seeing in the IDE there (both are off by default).
    /// Every other rule keeps its default. docs/configuration.md says why, by hand.
    /// </summary>
    private static readonly ImmutableDictionary<string, string> RecommendedRaises = new Dictionary<string, string>
    {
        [RuleIds.CloseWithoutShutdown] = "suggestion",
        [RuleIds.AbortiveClose] = "suggestion",
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>The .editorconfig severity (<c>none</c>, <c>silent</c>, <c>suggestion</c>, <c>warning</c>, <c>error</c>) a mode gives a rule.</summary>
    public static string SeverityOf(string mode, DiagnosticDescriptor descriptor) => mode switch
    {
        "none" => "none",
        Default => BuiltInSeverity(descriptor),
        "recommended" => RecommendedRaises.TryGetValue(descriptor.Id, out string? raised) ? raised : BuiltInSeverity(descriptor),
        "all-warnings" => "warning",
        "all-errors" => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "not a preset"),
    };

    /// <summary>The descriptor's own severity in .editorconfig words; a rule that is off by default is <c>none</c>.</summary>
    public static string BuiltInSeverity(DiagnosticDescriptor descriptor) =>
        !descriptor.IsEnabledByDefault ? "none" : descriptor.DefaultSeverity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            DiagnosticSeverity.Info => "suggestion",
            _ => "silent",
        };

    /// <summary>The file a mode adds to the build; "default" adds none.</summary>
    public static string? ConfigFileName(string mode) => mode == Default ? null : $"socketanalyzers_{mode}.globalconfig";

    public static string ConfigFileText(string mode, IEnumerable<DiagnosticDescriptor> descriptors)
    {
        var text = new StringBuilder();
        text.Append("# SocketAnalyzers severity preset \"").Append(mode).Append("\": <SocketAnalyzersMode>").Append(mode).Append("</SocketAnalyzersMode>\n");
        text.Append("# Generated from tests/SocketAnalyzers.Tests/Meta/SeverityPresets.cs; docs/configuration.md describes the presets.\n");
        text.Append("# A global analyzer config: .editorconfig entries override it, and so does any other global config (their level is higher).\n");
        text.Append("is_global = true\n");
        text.Append("global_level = -100\n");
        foreach (DiagnosticDescriptor descriptor in descriptors.OrderBy(descriptor => descriptor.Id, StringComparer.Ordinal))
        {
            text.Append('\n');
            text.Append("# ").Append(descriptor.Id).Append(": ").Append(DescriptorTests.Title(descriptor)).Append('\n');
            text.Append("dotnet_diagnostic.").Append(descriptor.Id).Append(".severity = ").Append(SeverityOf(mode, descriptor)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The table of docs/configuration.md: one row per rule, one column per mode.</summary>
    public static string[] DocsTable(IEnumerable<DiagnosticDescriptor> descriptors)
    {
        var lines = new List<string>
        {
            "| Rule | Title | " + string.Join(" | ", Modes.Select(mode => "`" + mode + "`")) + " |",
            "|---|---|" + string.Concat(Modes.Select(_ => "---|")),
        };
        foreach (DiagnosticDescriptor descriptor in descriptors.OrderBy(descriptor => descriptor.Id, StringComparer.Ordinal))
        {
            lines.Add($"| [{descriptor.Id}](rules/{descriptor.Id}.md) | {DescriptorTests.Title(descriptor)} | " +
                      string.Join(" | ", Modes.Select(mode => SeverityOf(mode, descriptor))) + " |");
        }

        return lines.ToArray();
    }
}
