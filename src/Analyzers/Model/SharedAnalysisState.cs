using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace SocketAnalyzers.Model;

/// <summary>
/// What the analyzers of one compilation compute once and share: each rule is its own analyzer, so without this
/// each would compute the same services and the same per-body results again. One per compilation: the
/// <see cref="ConnectionModel"/> made in the compilation-start action holds it, and every rule of the compilation
/// gets that model (<see cref="ConnectionSemantics.For"/>). Per-body results are keyed by the body's root
/// operation, which the driver hands every analyzer, so they live as long as the operation tree does, not as long
/// as the compilation.
/// </summary>
internal sealed class SharedAnalysisState
{
    private readonly ConcurrentDictionary<Type, object> _services = new();
    private readonly ConcurrentDictionary<Type, object> _perBody = new();

    /// <summary>The facts of each body (<see cref="BodyFacts"/>).</summary>
    public ConditionalWeakTable<IOperation, BodyFacts> BodyFacts { get; } = new();

    /// <summary>The compilation's one instance of a service (made by <paramref name="create"/> when first asked).</summary>
    public T Service<T>(Func<T> create)
        where T : class =>
        (T)_services.GetOrAdd(typeof(T), _ => create());

    /// <summary>
    /// The table of one kind of per-body result, for layers this one does not know (the flow analysis): ask once
    /// per compilation and keep the table.
    /// </summary>
    public ConditionalWeakTable<IOperation, T> PerBody<T>()
        where T : class =>
        (ConditionalWeakTable<IOperation, T>)_perBody.GetOrAdd(typeof(T), _ => new ConditionalWeakTable<IOperation, T>());
}
