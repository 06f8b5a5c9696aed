/**
 * The IDE's first tabs: the README demo journey of DOMAIN §6, one step a tab. Each mutation returns
 * the id a later tab needs; paste it into that tab's variables.
 *
 * The first tab has no variables on purpose: GraphiQL 4.1 fills the variables editor of the tab open
 * at first load from its `variables` prop, never from `defaultTabs[0].variables`.
 */
export interface DemoTab {
  query: string;
  variables?: string;
  headers?: string;
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);

export const DEMO_TABS: DemoTab[] = [
  {
    query: `# 1. The demo restaurant: Ajanta and its menu.
#    Keep its id for CreateOrder.
mutation CreateRestaurant {
  createRestaurant(
    input: {
      name: "Ajanta"
      address: {
        street1: "1 Main Street"
        city: "Oakland"
        state: "CA"
        zip: "94611"
      }
      menu: [
        { id: "item1", name: "Chicken Vindaloo", price: 1299 }
        { id: "item2", name: "Chicken Tikka Masala", price: 1499 }
        { id: "item3", name: "Garlic Naan", price: 399 }
      ]
    }
  ) {
    id
    name
    menu {
      id
      name
      price
    }
  }
}
`,
  },
  {
    query: `# 2. The demo consumer: run RegisterConsumer, put the id
#    it returns into the variables, then run AddHomeAddress.
#    Their account (accounting) opens asynchronously.
mutation RegisterConsumer {
  registerConsumer(input: { name: "Able Anders" }) {
    id
    name
  }
}

mutation AddHomeAddress($consumerId: ID!) {
  addConsumerAddress(
    consumerId: $consumerId
    addressId: "Home"
    address: {
      street1: "123 Main St."
      street2: "Apt 4"
      city: "Oakland"
      state: "CA"
      zip: "94612"
    }
  ) {
    id
    name
    addresses {
      id
      address {
        street1
        street2
        city
        state
        zip
      }
    }
  }
}
`,
    variables: json({ consumerId: '<id from RegisterConsumer>' }),
  },
  {
    query: `# 3. The demo order: item1 × 2 + item3 × 1 to Home, 2997.
#    It returns APPROVAL_PENDING; its saga (tab 4)
#    takes it to APPROVED.
mutation CreateOrder($consumerId: ID!, $restaurantId: ID!) {
  createOrder(
    input: {
      consumerId: $consumerId
      restaurantId: $restaurantId
      lineItems: [{ menuItemId: "item1", quantity: 2 }, { menuItemId: "item3", quantity: 1 }]
      deliverToAddressId: "Home"
    }
  ) {
    id
    state
    orderTotal
    lineItems {
      menuItemId
      name
      quantity
      price
    }
  }
}
`,
    variables: json({ consumerId: '<id from RegisterConsumer>', restaurantId: '<id from CreateRestaurant>' }),
  },
  {
    query: `# 4. Watch the order's CreateOrder saga step by step.
#    Without \`after\` the stream starts at the saga's
#    first event: start it once CreateOrder returned.
subscription SagaProgress($orderId: ID!) {
  sagaProgress(orderId: $orderId) {
    orderSequence
    kind
    step
    participant
    reason
    order {
      state
    }
  }
}
`,
    variables: json({ orderId: '<id from CreateOrder>' }),
  },
  {
    query: `# 5. The order now, and the restaurants to order from.
query Order($orderId: ID!) {
  order(id: $orderId) {
    id
    state
    orderTotal
    rejectionReason
  }
  restaurants {
    edges {
      node {
        id
        name
      }
    }
  }
}
`,
    variables: json({ orderId: '<id from CreateOrder>' }),
  },
];
