using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace SocketAnalyzers.Model;

/// <summary>
/// Results computed once per body and read by every analyzer of one compilation: each rule is its own analyzer,
/// and the driver hands each the same root operation of a body, so the root is the key. One per compilation (the
/// <see cref="ConnectionModel"/> made in the compilation-start action holds it); a body's results live as long as
/// its operation tree, not as long as the compilation.
/// </summary>
internal sealed class BodyCaches
{
    private readonly ConcurrentDictionary<Type, object> _tables = new();

    /// <summary>The facts of each body (<see cref="BodyFacts"/>).</summary>
    public ConditionalWeakTable<IOperation, BodyFacts> Facts { get; } = new();

    /// <summary>
    /// The table of one kind of per-body result, for layers this one does not know (the flow analysis): ask once
    /// per compilation and keep the table.
    /// </summary>
    public ConditionalWeakTable<IOperation, T> For<T>()
        where T : class =>
        (ConditionalWeakTable<IOperation, T>)_tables.GetOrAdd(typeof(T), _ => new ConditionalWeakTable<IOperation, T>());
}
