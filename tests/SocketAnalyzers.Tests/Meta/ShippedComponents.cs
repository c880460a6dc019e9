using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace SocketAnalyzers.Tests.Meta;

/// <summary>Everything the package ships, found by reflection the way a host finds it.</summary>
internal static class ShippedComponents
{
    public static Assembly AnalyzerAssembly { get; } = typeof(RuleIds).Assembly;

    // Loaded by name: the test project references it, and no code fix type needs to exist for the lookup to work.
    public static Assembly CodeFixAssembly { get; } = Assembly.Load(new AssemblyName("SocketAnalyzers.CodeFixes"));

    public static ImmutableArray<Type> AnalyzerTypes { get; } = AnalyzerAssembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .ToImmutableArray();

    public static ImmutableArray<Type> CodeFixProviderTypes { get; } = CodeFixAssembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(type))
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>Every descriptor any analyzer supports, one per ID (distinct IDs are checked separately).</summary>
    public static ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = AnalyzerTypes
        .SelectMany(type => CreateAnalyzer(type).SupportedDiagnostics)
        .GroupBy(descriptor => descriptor.Id, StringComparer.Ordinal)
        .Select(group => group.First())
        .OrderBy(descriptor => descriptor.Id, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>The values of the <see cref="RuleIds"/> constants that name rules (SOCKnnn).</summary>
    public static ImmutableArray<string> AllRuleIds { get; } = typeof(RuleIds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string))
        .Select(field => (string)field.GetRawConstantValue()!)
        .Where(value => value.StartsWith("SOCK", StringComparison.Ordinal))
        .OrderBy(value => value, StringComparer.Ordinal)
        .ToImmutableArray();

    public static IEnumerable<string> FixableIds => CodeFixProviderTypes
        .SelectMany(type => CreateCodeFixProvider(type).FixableDiagnosticIds)
        .Distinct(StringComparer.Ordinal);

    public static TheoryData<string> AnalyzerTypeNames() => TheoryDataOf(AnalyzerTypes.Select(type => type.FullName!));

    public static TheoryData<string> DescriptorIds() => TheoryDataOf(Descriptors.Select(descriptor => descriptor.Id));

    public static DiagnosticAnalyzer CreateAnalyzer(Type type) => (DiagnosticAnalyzer)Activator.CreateInstance(type)!;

    public static CodeFixProvider CreateCodeFixProvider(Type type) => (CodeFixProvider)Activator.CreateInstance(type)!;

    public static DiagnosticDescriptor Descriptor(string id) => Descriptors.Single(descriptor => descriptor.Id == id);

    private static TheoryData<string> TheoryDataOf(IEnumerable<string> values)
    {
        var data = new TheoryData<string>();
        foreach (string value in values)
        {
            data.Add(value);
        }

        return data;
    }
}
