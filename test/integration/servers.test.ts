import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Connection } from '@temporalio/client';
import { MongoClient } from 'mongodb';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../src/search-attributes';

test('the harness servers answer, with our search attributes registered', async () => {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    for (const name of Object.keys(CUSTOM_SEARCH_ATTRIBUTES)) assert.ok(customAttributes?.[name], `${name} missing`);
  } finally {
    await connection.close();
  }
  const client = await MongoClient.connect(process.env.MONGODB_URI!);
  try {
    const col = client.db('harness_check').collection<{ _id: string; n: number }>('probe');
    await col.deleteMany({});
    await col.insertOne({ _id: 'a', n: 1 });
    assert.equal((await col.findOne({ _id: 'a' }))?.n, 1);
  } finally {
    await client.close();
  }
});
