import { NextResponse } from 'next/server';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';

export const GET = apiRoute(() => NextResponse.json({ ok: true }));

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('GET'));
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
