using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SocketAnalyzers.Model;

/// <summary>
/// The origin of a connection expression (<see cref="ValueOrigins.ConnectionOriginOf(IOperation?)"/>) under the name
/// the end-of-stream walk knows it by: kept for that walk until it moves onto the shared graph; everything else asks
/// <see cref="ValueOrigins"/>.
/// </summary>
public sealed class ConnectionRoots
{
    private readonly ValueOrigins _origins;

    /// <param name="localValues">Locals assigned once, to their value (<see cref="ValueOrigins.AssignedOnceInBody"/>).</param>
    public ConnectionRoots(ConnectionSemantics semantics, IReadOnlyDictionary<ILocalSymbol, IOperation> localValues) =>
        _origins = new ValueOrigins(semantics, localValues);

    /// <summary>The origin of the connection <paramref name="value"/> evaluates to, or null when it is not known to be a connection.</summary>
    public ISymbol? RootOf(IOperation? value) => _origins.ConnectionOriginOf(value);

    /// <summary>The origin of a local, parameter, field or property, or null when it does not hold a known connection.</summary>
    public ISymbol? RootOf(ISymbol symbol) => _origins.ConnectionOriginOf(symbol);

    /// <summary>A local, parameter, or member of <c>this</c> (or static) that an operation names.</summary>
    public static ISymbol? SymbolOf(IOperation operation) => ValueOrigins.VariableOf(operation);
}
