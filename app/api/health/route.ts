import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/server/api-route';

export const GET = apiRoute(() => NextResponse.json({ ok: true }));
