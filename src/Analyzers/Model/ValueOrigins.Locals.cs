using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>Locals assigned once: the part of a value's origin that needs no semantics.</summary>
internal sealed partial class ValueOrigins
{
    private static readonly IReadOnlyDictionary<ILocalSymbol, IOperation> s_none =
        ImmutableDictionary<ILocalSymbol, IOperation>.Empty.WithComparers(SymbolEqualityComparer.Default);

    // The locals of each body, computed in one walk the first time any function of the body is asked about: rules
    // ask per try statement, catch clause or reference of the same method, which would otherwise walk the method
    // again each time (quadratic in a method with many of them). Keyed weakly by the body's root operation, so an
    // entry lives no longer than the operation tree; the only static of this service.
    private static readonly ConditionalWeakTable<IOperation, BodyLocals> s_bodyLocals = new();

    /// <summary>
    /// The locals with exactly one assignment (their initializer or a single later one) in the function — the method,
    /// lambda or local function — that <paramref name="function"/> is or is the body of, not counting its nested
    /// lambdas and local functions (they run on their own): local → value. For an operation that is neither, the
    /// locals assigned once below it.
    /// </summary>
    public static IReadOnlyDictionary<ILocalSymbol, IOperation> AssignedOnceIn(IOperation function)
    {
        var key = FunctionOf(function);
        if (key is null)
        {
            // A region inside a function: today's callers ask for whole functions; walked on its own, not kept.
            return CollectAssignedOnce(function);
        }

        return LocalsOf(key).InFunction(key);
    }

    /// <summary>
    /// The locals assigned once in the whole body of <paramref name="operation"/>, its lambdas and local functions
    /// included; a local assigned once in each of two of them is left out (which of the values it holds is unknown).
    /// </summary>
    public static IReadOnlyDictionary<ILocalSymbol, IOperation> AssignedOnceInBody(IOperation operation) =>
        LocalsOf(BodyFacts.RootOf(operation)).InBody;

    /// <summary>
    /// The one value of the local a reference reads, assigned exactly once: in the function the reference is in, or
    /// else in an enclosing one (a captured local).
    /// </summary>
    public static bool TryGetSingleValue(ILocalReferenceOperation reference, out IOperation value)
    {
        var locals = LocalsOf(BodyFacts.RootOf(reference));
        for (IOperation? current = reference; current is not null; current = current.Parent)
        {
            if ((current is IAnonymousFunctionOperation or ILocalFunctionOperation || current.Parent is null) &&
                locals.InFunction(current).TryGetValue(reference.Local, out value!))
            {
                return true;
            }
        }

        value = null!;
        return false;
    }

    /// <summary>The locals assigned once in the function (method, lambda or local function) that contains <paramref name="operation"/>.</summary>
    public static IReadOnlyDictionary<ILocalSymbol, IOperation> AssignedOnceInEnclosingFunction(IOperation operation)
    {
        var function = operation;
        for (IOperation? current = operation; current is not null; current = current.Parent)
        {
            function = current;
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                break;
            }
        }

        return LocalsOf(BodyFacts.RootOf(function)).InFunction(function);
    }

    /// <summary>
    /// The function an operation stands for: a body's root, a lambda or local function, or the body of one; null
    /// for any other operation.
    /// </summary>
    private static IOperation? FunctionOf(IOperation operation) => operation switch
    {
        IAnonymousFunctionOperation or ILocalFunctionOperation => operation,
        _ when operation.Parent is null => operation,
        _ when operation.Parent is IAnonymousFunctionOperation lambda && lambda.Body == operation => lambda,
        _ when operation.Parent is ILocalFunctionOperation function && function.Body == operation => function,
        _ => null,
    };

    private static BodyLocals LocalsOf(IOperation operation) =>
        s_bodyLocals.GetValue(BodyFacts.RootOf(operation), root => new BodyLocals(root));

    private static IReadOnlyDictionary<ILocalSymbol, IOperation> CollectAssignedOnce(IOperation region)
    {
        var assigned = new AssignedOnce();
        foreach (var operation in ConnectionSemantics.DescendantsOutsideFunctions(region))
        {
            assigned.Note(operation);
        }

        return assigned.Values;
    }

    /// <summary>The assignments of the locals of one function, as they are walked.</summary>
    private sealed class AssignedOnce
    {
        private readonly HashSet<ILocalSymbol> _assignedTwice = new(SymbolEqualityComparer.Default);
        private Dictionary<ILocalSymbol, IOperation>? _values;

        /// <summary>The locals assigned once: the first value of each, less those assigned again.</summary>
        public IReadOnlyDictionary<ILocalSymbol, IOperation> Values
        {
            get
            {
                if (_values is null)
                {
                    return s_none;
                }

                foreach (var local in _assignedTwice)
                {
                    _values.Remove(local);
                }

                _assignedTwice.Clear();
                return _values;
            }
        }

        public void Note(IOperation operation)
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation { Initializer.Value: { } initializer } declarator:
                    Record(declarator.Symbol, initializer);
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                    Record(target.Local, assignment.Value);
                    break;

                // Every other way of writing a local makes its one value unknown: x += 1, x++, x ??= y,
                // (x, y) = pair, F(out x), F(ref x).
                case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target }:
                    AssignedAgain(target.Local);
                    break;
                case ICoalesceAssignmentOperation { Target: ILocalReferenceOperation target }:
                    AssignedAgain(target.Local);
                    break;
                case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation target }:
                    AssignedAgain(target.Local);
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref, Value: ILocalReferenceOperation target }:
                    AssignedAgain(target.Local);
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (var element in deconstruction.Target.DescendantsAndSelf())
                    {
                        if (element is ILocalReferenceOperation target)
                        {
                            AssignedAgain(target.Local);
                        }
                    }

                    break;
            }
        }

        private void AssignedAgain(ILocalSymbol local)
        {
            _values ??= new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default);
            _assignedTwice.Add(local);
        }

        private void Record(ILocalSymbol local, IOperation value)
        {
            _values ??= new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default);
            if (_values.ContainsKey(local))
            {
                _assignedTwice.Add(local);
            }
            else
            {
                _values[local] = value;
            }
        }
    }

    /// <summary>The locals assigned once in each function of one body, found in one walk.</summary>
    private sealed class BodyLocals
    {
        private readonly Dictionary<IOperation, IReadOnlyDictionary<ILocalSymbol, IOperation>> _byFunction = new();

        public BodyLocals(IOperation root)
        {
            var byFunction = new Dictionary<IOperation, AssignedOnce>();
            var pending = new Stack<(IOperation Operation, IOperation Function)>();
            pending.Push((root, root));
            while (pending.Count > 0)
            {
                var (operation, function) = pending.Pop();
                if (!byFunction.TryGetValue(function, out var assigned))
                {
                    assigned = new AssignedOnce();
                    byFunction.Add(function, assigned);
                }

                assigned.Note(operation);
                foreach (var child in operation.ChildOperations)
                {
                    pending.Push((child, child is IAnonymousFunctionOperation or ILocalFunctionOperation ? child : function));
                }
            }

            var inBody = new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default);
            var inSeveral = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            foreach (var pair in byFunction)
            {
                var values = pair.Value.Values;
                _byFunction.Add(pair.Key, values);
                foreach (var local in values)
                {
                    if (inBody.ContainsKey(local.Key))
                    {
                        inSeveral.Add(local.Key);
                    }
                    else
                    {
                        inBody.Add(local.Key, local.Value);
                    }
                }
            }

            foreach (var local in inSeveral)
            {
                inBody.Remove(local);
            }

            InBody = inBody;
        }

        public IReadOnlyDictionary<ILocalSymbol, IOperation> InBody { get; }

        /// <summary>The locals assigned once in a function of this body (its root, a lambda or a local function).</summary>
        public IReadOnlyDictionary<ILocalSymbol, IOperation> InFunction(IOperation function) =>
            _byFunction.TryGetValue(function, out var values) ? values : s_none;
    }
}
