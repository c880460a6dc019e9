using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>
/// Whether a rule that reads the flow analysis can report anything in a body, decided from its operation tree
/// before a graph is built. Each rule reports a flag that only some events set, so a body without them needs no
/// graph: SOCK005 needs a creation or an accept; SOCK001 a write and a way to fail (a catch, or a
/// SocketAsyncEventArgs error check); SOCK007 a write and a shutdown; SOCK008 a read and a close. Effects are
/// taken for every call whatever its receiver, so the answer errs towards building the graph.
/// </summary>
internal static class FlowTriggers
{
    public static bool CanReport(IOperation body, ConnectionSemantics semantics)
    {
        var model = semantics.Model;
        var effects = CallEffects.None;
        var canFail = false;
        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                case ICatchClauseOperation:
                    canFail = true;
                    break;
                case IPropertyReferenceOperation { Property: { Name: "SocketError" } property }
                    when ConnectionModel.InheritsFrom(property.ContainingType, model.SocketAsyncEventArgs):
                    canFail = true;
                    break;
                case IObjectCreationOperation creation when semantics.IsConnectionType(creation.Type):
                    return true;
                case IInvocationOperation invocation:
                    if (model.Classify(invocation.TargetMethod) == ConnectionOperationKind.Accept)
                    {
                        return true;
                    }

                    effects |= EffectsOf(invocation, semantics);
                    break;
                case IUsingOperation or IUsingDeclarationOperation:
                    effects |= CallEffects.Close;
                    break;
                default:
                    continue;
            }

            var writes = (effects & CallEffects.Write) != 0;
            if (writes && (canFail || (effects & CallEffects.ShutdownSend) != 0) ||
                (effects & CallEffects.Read) != 0 && (effects & CallEffects.Close) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What the call may do to its receiver and to its arguments, asked (like the analysis asks) only where they
    /// may hold a connection: a project method's summary is computed by binding its body, so it is not asked for
    /// a receiver or an argument no connection can reach.
    /// </summary>
    private static CallEffects EffectsOf(IInvocationOperation invocation, ConnectionSemantics semantics)
    {
        var effects = CallEffects.None;
        if (invocation.Instance is { } instance &&
            (ConnectionSemantics.Strip(instance) is IInstanceReferenceOperation || MayHoldConnection(instance, semantics)))
        {
            effects |= semantics.EffectOnReceiver(invocation);
        }

        foreach (var argument in invocation.Arguments)
        {
            if (MayHoldConnection(argument.Value, semantics))
            {
                effects |= semantics.EffectOnArgument(invocation, argument);
            }
        }

        return effects;
    }

    /// <summary>
    /// A value of a type a connection can be seen as: a connection or wrapper type, an interface, object, or a
    /// type not known here. A value of any other class or struct type never aliases a connection.
    /// </summary>
    private static bool MayHoldConnection(IOperation value, ConnectionSemantics semantics) =>
        MayBeConnectionType(value.Type, semantics) || MayBeConnectionType(ConnectionSemantics.Strip(value).Type, semantics);

    private static bool MayBeConnectionType(ITypeSymbol? type, ConnectionSemantics semantics) =>
        type is null ||
        type.SpecialType == SpecialType.System_Object ||
        type.TypeKind is TypeKind.Interface or TypeKind.TypeParameter or TypeKind.Dynamic or TypeKind.Error ||
        semantics.IsConnectionType(type) ||
        semantics.Model.IsWrapperType(type);
}
