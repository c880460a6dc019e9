using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers.Model;

/// <summary>
/// Connection types of other assemblies declared in <c>.editorconfig</c>:
/// <c>socket_analyzers.connection_types</c> (full type names) and
/// <c>socket_analyzers.write_methods</c>, <c>.read_methods</c>, <c>.close_methods</c> (Type.Method, full type names),
/// each a comma-separated list; and for ownership <c>socket_analyzers.ownership_transfer_methods</c>
/// (Type.Method: calls that take ownership of a connection argument) and <c>socket_analyzers.excluded_types</c>
/// (connection types whose lifetime the rules do not check).
/// </summary>
public sealed class DeclaredConnections
{
    public const string ConnectionTypesKey = "socket_analyzers.connection_types";
    public const string WriteMethodsKey = "socket_analyzers.write_methods";
    public const string ReadMethodsKey = "socket_analyzers.read_methods";
    public const string CloseMethodsKey = "socket_analyzers.close_methods";
    public const string OwnershipTransferMethodsKey = "socket_analyzers.ownership_transfer_methods";
    public const string ExcludedTypesKey = "socket_analyzers.excluded_types";

    public static readonly DeclaredConnections None = new DeclaredConnections(
        ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty,
        ImmutableHashSet<string>.Empty, ImmutableHashSet<string>.Empty);

    private DeclaredConnections(
        ImmutableHashSet<string> types,
        ImmutableHashSet<string> writes,
        ImmutableHashSet<string> reads,
        ImmutableHashSet<string> closes,
        ImmutableHashSet<string> ownershipTransfers,
        ImmutableHashSet<string> excludedTypes)
    {
        Types = types;
        WriteMethods = writes;
        ReadMethods = reads;
        CloseMethods = closes;
        OwnershipTransferMethods = ownershipTransfers;
        ExcludedTypes = excludedTypes;
    }

    public ImmutableHashSet<string> Types { get; }
    public ImmutableHashSet<string> WriteMethods { get; }
    public ImmutableHashSet<string> ReadMethods { get; }
    public ImmutableHashSet<string> CloseMethods { get; }
    public ImmutableHashSet<string> OwnershipTransferMethods { get; }
    public ImmutableHashSet<string> ExcludedTypes { get; }

    public bool IsEmpty => Types.IsEmpty && WriteMethods.IsEmpty && ReadMethods.IsEmpty && CloseMethods.IsEmpty &&
                           OwnershipTransferMethods.IsEmpty && ExcludedTypes.IsEmpty;

    public static DeclaredConnections Read(AnalyzerConfigOptions options) => Read(options, fallback: null);

    /// <summary>The declarations for one file: its own options, each key falling back to the project-wide ones.</summary>
    public static DeclaredConnections Read(AnalyzerConfigOptions options, AnalyzerConfigOptions? fallback)
    {
        var types = ReadList(options, fallback, ConnectionTypesKey);
        var writes = ReadList(options, fallback, WriteMethodsKey);
        var reads = ReadList(options, fallback, ReadMethodsKey);
        var closes = ReadList(options, fallback, CloseMethodsKey);
        var ownershipTransfers = ReadList(options, fallback, OwnershipTransferMethodsKey);
        var excludedTypes = ReadList(options, fallback, ExcludedTypesKey);
        if (types.IsEmpty && writes.IsEmpty && reads.IsEmpty && closes.IsEmpty && ownershipTransfers.IsEmpty && excludedTypes.IsEmpty)
        {
            return None;
        }

        // A type that declares a write/read/close method is a connection type too.
        foreach (var method in writes.Union(reads).Union(closes))
        {
            var dot = method.LastIndexOf('.');
            if (dot > 0)
            {
                types = types.Add(method.Substring(0, dot));
            }
        }

        return new DeclaredConnections(types, writes, reads, closes, ownershipTransfers, excludedTypes);
    }

    public bool IsConnectionType(ITypeSymbol type)
    {
        if (Types.IsEmpty)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Types.Contains(FullName(current)))
            {
                return true;
            }
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (Types.Contains(FullName(implemented)))
            {
                return true;
            }
        }

        return false;
    }

    public CallEffects Classify(IMethodSymbol method)
    {
        if (IsEmpty || method.ContainingType is null)
        {
            return CallEffects.None;
        }

        var name = FullName(method.ContainingType) + "." + method.Name;
        var effects = CallEffects.None;
        if (WriteMethods.Contains(name))
            effects |= CallEffects.Write;
        if (ReadMethods.Contains(name))
            effects |= CallEffects.Read;
        if (CloseMethods.Contains(name))
            effects |= CallEffects.Close;
        return effects;
    }

    /// <summary>A method declared to take ownership of its connection arguments, by <c>Type.Method</c> (full or simple type name).</summary>
    public bool IsOwnershipTransfer(IMethodSymbol method) =>
        !OwnershipTransferMethods.IsEmpty && method.ContainingType is { } type &&
        (OwnershipTransferMethods.Contains(FullName(type) + "." + method.Name) || OwnershipTransferMethods.Contains(type.Name + "." + method.Name));

    public bool IsExcluded(ITypeSymbol type)
    {
        if (ExcludedTypes.IsEmpty)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (ExcludedTypes.Contains(FullName(current)) || ExcludedTypes.Contains(current.Name))
            {
                return true;
            }
        }

        return false;
    }

    private static string FullName(ITypeSymbol type) =>
        type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None));

    /// <summary>Two sets of declarations that say the same thing: files that share them share one semantics.</summary>
    public bool SameAs(DeclaredConnections other) =>
        Types.SetEquals(other.Types) && WriteMethods.SetEquals(other.WriteMethods) && ReadMethods.SetEquals(other.ReadMethods) &&
        CloseMethods.SetEquals(other.CloseMethods) && OwnershipTransferMethods.SetEquals(other.OwnershipTransferMethods) &&
        ExcludedTypes.SetEquals(other.ExcludedTypes);

    private static ImmutableHashSet<string> ReadList(AnalyzerConfigOptions options, AnalyzerConfigOptions? fallback, string key)
    {
        if ((!options.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value)) && fallback is not null)
        {
            fallback.TryGetValue(key, out value);
        }

        if (value is null || string.IsNullOrWhiteSpace(value))
        {
            return ImmutableHashSet<string>.Empty;
        }

        var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var part in value.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = part.Trim();
            if (trimmed.Length > 0)
            {
                builder.Add(trimmed);
            }
        }

        return builder.ToImmutable();
    }
}
